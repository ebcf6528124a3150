import {
  canTransition, canWithdraw, DECISION_REASONS, decisionReason, isFinal, isOpen, KP_STATUS_LABELS, KP_STATUSES,
  KP_TRANSITIONS, TMS_REASON_FOR_RULE, validateDecisionReasons, type KpStatus,
} from '../../domain';

describe('KP usulan lifecycle', () => {
  it('labels every status in Bahasa Indonesia and only moves to known statuses', () => {
    for (const s of KP_STATUSES) {
      expect(KP_STATUS_LABELS[s]).toBeTruthy();
      for (const t of KP_TRANSITIONS[s]) expect(KP_STATUSES).toContain(t);
    }
  });

  it('ends in SELESAI, TMS, DITOLAK_INSTANSI or DITARIK', () => {
    expect(KP_STATUSES.filter(isFinal).sort()).toEqual(['DITARIK', 'DITOLAK_INSTANSI', 'SELESAI', 'TMS']);
    expect(isOpen('BTS')).toBe(true);
  });

  it('can reach SELESAI from submission, through BTS and back', () => {
    const path: KpStatus[] = [
      'MENUNGGU_PERSETUJUAN', 'DIKEMBALIKAN_KE_OPERATOR', 'MENUNGGU_PERSETUJUAN', 'MENUNGGU_VERIFIKASI', 'BTS',
      'MENUNGGU_VERIFIKASI', 'MENUNGGU_KEPPRES', 'SELESAI',
    ];
    for (let i = 1; i < path.length; i += 1) expect(canTransition(path[i - 1], path[i])).toBe(true);
  });

  it('lets the operator withdraw until BKN has decided, not after', () => {
    expect(canWithdraw('MENUNGGU_VERIFIKASI')).toBe(true);
    expect(canWithdraw('BTS')).toBe(true);
    expect(canWithdraw('MENUNGGU_TTE_SK')).toBe(false);
    expect(canWithdraw('TMS')).toBe(false);
  });

  it('never reopens a final usulan', () => {
    expect(canTransition('TMS', 'MENUNGGU_VERIFIKASI')).toBe(false);
    expect(canTransition('SELESAI', 'DITARIK')).toBe(false);
  });
});

describe('BKN decision reasons', () => {
  it('splits the reference list into BTS and TMS reasons with Indonesian text', () => {
    expect(decisionReason('BTS-01')).toMatchObject({ decision: 'BTS', text: 'SK pangkat terakhir tidak terbaca' });
    expect(new Set(DECISION_REASONS.map((r) => r.code)).size).toBe(DECISION_REASONS.length);
  });

  it('maps every eligibility rule to a TMS reason that exists', () => {
    for (const code of Object.values(TMS_REASON_FOR_RULE)) expect(decisionReason(code)?.decision).toBe('TMS');
  });

  it('requires a reason of the right kind, and a note for "lainnya"', () => {
    expect(validateDecisionReasons('BTS', { codes: [] })).toEqual(['keputusan BTS harus disertai minimal satu alasan']);
    expect(validateDecisionReasons('BTS', { codes: ['TMS-01'] })).toEqual(['kode alasan TMS-01 bukan alasan BTS']);
    expect(validateDecisionReasons('TMS', { codes: ['TMS-99'] })).toEqual(['alasan TMS-99 memerlukan catatan']);
    expect(validateDecisionReasons('TMS', { codes: ['TMS-99'], note: 'sudah pensiun' })).toEqual([]);
  });
});
