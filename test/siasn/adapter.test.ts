import { todayInJakarta } from '../../db/seed';
import { createSiasnClient, type SiasnClient, type SiasnRead } from '../../siasn/client';
import { SiasnAuthNeedsHuman, SiasnUnavailable } from '../../siasn/errors';
import { parseDataUtama, parseRiwayat } from '../../siasn/parse';
import { BUNDLED_REFERENCE } from '../../siasn/reference';
import { startStandInSiasn, type StandInSiasn } from '../../siasn/stand-in/server';
import { standInPopulation, standInUnorId } from '../../siasn/stand-in/population';
import { demoPlan } from '../../db/seed/employees';

/**
 * The SIASN adapter against the stand-in SIASN on a free port (real HTTP, real token endpoints): two tokens, one
 * refresh on a refusal and then a person, outages thrown as retryable, unreadable answers refused with their raw text.
 */
const INST = 'I-3300';
const today = todayInJakarta();
let standIn: StandInSiasn;
const clientWith = (minIntervalMs = 0, accounts = () => standIn.accounts): SiasnClient => createSiasnClient({
  endpoints: standIn.endpoints, accountOf: (id) => accounts()[id], minIntervalMs, timeoutMs: 5000,
});

const pop = () => standInPopulation(today);
const plainNip = () => {
  const drifted = new Set(standIn.drifts(INST).map((d) => d.nip));
  return demoPlan().employees.find((e) => e.instansiId === INST && e.jenisAsn === 'PNS' && !drifted.has(e.nip) && pop().people.get(e.nip)!.riwayat.golongan.length >= 2)!;
};
const okValue = <T>(r: SiasnRead<T>): T => {
  if (r.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(r).slice(0, 300)}`);
  return r.value;
};

beforeAll(async () => {
  standIn = await startStandInSiasn({ today });
});
afterAll(async () => {
  await standIn?.stop();
});
afterEach(() => standIn.clearFaults());

describe('the SIASN adapter on the stand-in', () => {
  it('reads data-utama as the typed projection with the raw answer kept, dd-mm-yyyy dates and reference codes read from the tables', async () => {
    const e = plainNip();
    const client = clientWith();
    const r = await client.dataUtama(INST, e.nip);
    const v = okValue(r);
    expect(v).toMatchObject({ nip: e.nip, nama: e.nama, tanggal_lahir: e.tanggalLahir, jenis_kelamin: e.jenisKelamin, jenis_asn: 'PNS', golongan_id: e.golonganId, kedudukan_hukum: 'AKTIF', unor_siasn_id: standInUnorId(e.unorId) });
    expect(v.pns_id).toMatch(/^[0-9A-F]{32}$/);
    expect((r as { raw: { data: Record<string, unknown> } }).raw.data.lokasiKerjaId).toBeDefined();
    const rw = okValue(await client.riwayat(INST, 'golongan', { nip: e.nip, pnsId: v.pns_id }));
    expect(rw.length).toBeGreaterThanOrEqual(2);
    expect(rw[rw.length - 1].data).toMatchObject({ golonganId: e.golonganId });
    expect(rw[0].siasnId).toMatch(/^[0-9a-f]{32}$/);
    const skp = okValue(await client.riwayat(INST, 'skp', { nip: e.nip, pnsId: v.pns_id }));
    expect(skp.every((s) => typeof s.data.predikat === 'string')).toBe(true);
    const unor = okValue(await client.refUnor(INST, { limit: 3, offset: 0 }));
    expect(unor).toHaveLength(3);
    expect(unor[0]).toMatchObject({ id: expect.stringMatching(/^[0-9A-F]{32}$/), nama: expect.any(String) });
  });

  it('treats 404 "Data tidak ditemukan" as the empty case, for a missing person and an empty riwayat', async () => {
    const client = clientWith();
    const missing = standIn.drifts(INST).find((d) => d.kind === 'TIDAK_ADA_DI_SIASN')!;
    expect((await client.dataUtama(INST, missing.nip)).status).toBe('not_found');
    const e = plainNip();
    const pnsId = okValue(await client.dataUtama(INST, e.nip)).pns_id;
    const hukdis = await client.riwayat(INST, 'hukdis', { nip: e.nip, pnsId });
    expect(['not_found', 'ok']).toContain(hukdis.status);
  });

  it('when the tokens expire, refreshes both once and the call succeeds', async () => {
    const client = clientWith();
    const e = plainNip();
    okValue(await client.dataUtama(INST, e.nip));
    expect(client.tokens(INST).fetched).toEqual({ apim: 1, sso: 1 });
    standIn.setFaults({ expireTokens: true });
    expect(okValue(await client.dataUtama(INST, e.nip)).nip).toBe(e.nip);
    expect(client.tokens(INST).fetched).toEqual({ apim: 2, sso: 2 });
  });

  it('on "Token SSO mismatch" refreshes once; when SIASN still refuses, asks a person instead of looping', async () => {
    const client = clientWith();
    const e = plainNip();
    standIn.setFaults({ ssoMismatch: 1 });
    expect(okValue(await client.dataUtama(INST, e.nip)).nip).toBe(e.nip);
    expect(client.tokens(INST).fetched).toEqual({ apim: 2, sso: 2 });
    standIn.setFaults({ ssoMismatch: -1 });
    const err = await client.dataUtama(INST, e.nip).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(SiasnAuthNeedsHuman);
    expect((err as SiasnAuthNeedsHuman).retryable).toBe(false);
    expect((err as Error).message).toMatch(/Token SSO mismatch.*admin perlu memperbarui/);
    expect(client.tokens(INST).fetched).toEqual({ apim: 3, sso: 3 });
  });

  it('credentials the token endpoint refuses ask a person', async () => {
    const client = clientWith(0, () => ({ [INST]: { ...standIn.accounts[INST], password: 'salah' } }));
    await expect(client.dataUtama(INST, plainNip().nip)).rejects.toBeInstanceOf(SiasnAuthNeedsHuman);
  });

  it('SUSPENDED and reset connections are outages: thrown retryable', async () => {
    const client = clientWith();
    const e = plainNip();
    standIn.setFaults({ suspended: 1 });
    const s = await client.dataUtama(INST, e.nip).catch((x: unknown) => x);
    expect(s).toBeInstanceOf(SiasnUnavailable);
    expect((s as SiasnUnavailable).retryable).toBe(true);
    expect((s as Error).message).toMatch(/SUSPENDED/);
    standIn.setFaults({ reset: 1 });
    const r = await client.dataUtama(INST, e.nip).catch((x: unknown) => x);
    expect(r).toBeInstanceOf(SiasnUnavailable);
    expect(okValue(await client.dataUtama(INST, e.nip)).nip).toBe(e.nip);
  });

  it('malformed JSON and another person\'s record are refused with the reason and the raw text, never half-used', async () => {
    const client = clientWith();
    const e = plainNip();
    standIn.setFaults({ malformed: 1 });
    const m = await client.dataUtama(INST, e.nip);
    expect(m).toMatchObject({ status: 'refused', endpoint: 'pns/data-utama', reason: 'Jawaban bukan JSON yang sah' });
    expect((m as { raw: string }).raw.length).toBeGreaterThan(0);
    standIn.setFaults({ wrongNip: 1 });
    const w = await client.dataUtama(INST, e.nip);
    expect(w.status).toBe('refused');
    expect((w as { reason: string }).reason).toContain(`bukan NIP yang diminta (${e.nip})`);
    const other = JSON.parse((w as { raw: string }).raw).data.nipBaru;
    expect(other).not.toBe(e.nip);
  });

  it('refuses an unknown reference code, a riwayat of another PNS, and a missing required field', () => {
    const person = pop().people.get(plainNip().nip)!;
    expect(parseDataUtama({ ...person.dataUtama, golRuangAkhirId: '46' }, person.nip, BUNDLED_REFERENCE)).toEqual({ ok: false, reason: 'golRuangAkhirId "46" bukan kode golongan yang dikenal' });
    expect(parseDataUtama({ ...person.dataUtama, id: null }, person.nip, BUNDLED_REFERENCE)).toEqual({ ok: false, reason: 'id wajib ada' });
    expect(parseDataUtama({ ...person.dataUtama, tglLahir: '31-02-1990' }, person.nip, BUNDLED_REFERENCE).ok).toBe(false);
    const rows = person.riwayat.golongan;
    expect(parseRiwayat('golongan', rows, { nip: person.nip, pnsId: person.pnsId }, BUNDLED_REFERENCE).ok).toBe(true);
    const foreign = [...rows.slice(0, 1), { ...rows[1], idPns: 'F'.repeat(32) }];
    expect(parseRiwayat('golongan', foreign, { nip: person.nip, pnsId: person.pnsId }, BUNDLED_REFERENCE)).toEqual({ ok: false, reason: 'baris 2: idPns FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF bukan PNS yang diminta' });
  });

  it('keeps one instansi\'s calls one at a time and spaced by the throttle', async () => {
    const client = clientWith(120);
    const e = plainNip();
    await client.dataUtama(INST, e.nip);
    const from = standIn.calls.length;
    await Promise.all(Array.from({ length: 5 }, () => client.dataUtama(INST, e.nip)));
    const at = standIn.calls.slice(from).map((c) => c.at);
    expect(at).toHaveLength(5);
    for (let i = 1; i < at.length; i += 1) expect(at[i] - at[i - 1]).toBeGreaterThanOrEqual(110);
  });
});
