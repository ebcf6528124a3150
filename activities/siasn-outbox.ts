import type { Db } from '../db';
import { dueOutbox, failOutbox, outboxItem, settleOutbox } from '../db/repos/siasn-outbox';
import type { SiasnPort, SiasnSaveEndpoint } from '../siasn/client';
import { SiasnAuthNeedsHuman, SiasnError, SiasnRejected } from '../siasn/errors';
import { BUNDLED_REFERENCE, siasnIdOf } from '../siasn/reference';
import type { SiasnOutboxActivities } from '../workflows/siasn-outbox/contract';
import { classified } from './failures';

/**
 * Delivers one outbox intent: the person's SIASN id is read, then SIASN's riwayat; a record there equal to the intent
 * settles it as SUDAH_ADA (so a delivery retried after a save whose answer was lost sends nothing twice), otherwise it
 * is saved and settled TERKIRIM with SIASN's id. An outage reschedules it with backoff; a refusal or credentials that
 * need a person give it up at once, for an administrator (the queue shows why; `ulang` puts it back).
 */
export function createSiasnOutboxActivities(deps: { db: Db; siasn?: SiasnPort }): SiasnOutboxActivities {
  const { db } = deps;
  return classified<SiasnOutboxActivities>({
    async outboxDue({ limit }) {
      // Without SIASN (neither a gateway nor the stand-in) the intents wait; they are not failed for it.
      if (!deps.siasn) return [];
      return dueOutbox(db, limit);
    },
    async outboxDeliver({ id }) {
      const item = await outboxItem(db, id);
      if (!item || item.status !== 'MENUNGGU') return { status: item?.status ?? 'HILANG' };
      const port = deps.siasn;
      if (!port) return { status: await failOutbox(db, id, 'SIASN belum dikonfigurasi (SIASN_BASE_URL dan SIASN_ACCOUNTS_FILE)', false) };
      const p = item.payload as Record<string, unknown>;
      try {
        if (item.jenis !== 'SKP' && item.jenis !== 'KINERJA') {
          return { status: await failOutbox(db, id, `Pengiriman ${item.jenis} ke SIASN belum didukung oleh adaptor; kirim lewat layanan SIASN`, true) };
        }
        const du = await port.dataUtama(item.instansi_id, String(p.nip));
        if (du.status !== 'ok') {
          return { status: await failOutbox(db, id, du.status === 'not_found' ? `NIP ${String(p.nip)} tidak ada di SIASN` : `Data utama SIASN tidak terbaca: ${du.reason}`, du.status === 'not_found') };
        }
        const owner = { nip: String(p.nip), pnsId: du.value.pns_id };
        const kinerja = item.jenis === 'KINERJA';
        const held = await port.riwayat(item.instansi_id, kinerja ? 'kinerja' : 'skp', owner);
        if (held.status === 'refused') return { status: await failOutbox(db, id, `Riwayat SIASN tidak terbaca: ${held.reason}`, false) };
        const same = held.status === 'ok' ? held.value.find((r) => r.tahun === Number(p.tahun) && r.data.predikat === p.predikat
          && (!kinerja || (r.data.bulanMulai === Number(p.bulanMulai) && r.data.bulanSelesai === Number(p.bulanSelesai)))) : undefined;
        if (same) {
          await settleOutbox(db, id, { status: 'SUDAH_ADA', siasnId: same.siasnId });
          return { status: 'SUDAH_ADA' };
        }
        const kuadran = siasnIdOf(BUNDLED_REFERENCE.kuadranKinerja, String(p.predikat));
        const [endpoint, body]: [SiasnSaveEndpoint, Record<string, unknown>] = kinerja
          ? ['kinerjaperiodik/save', {
            id: null, tahun: Number(p.tahun), periodikId: p.bulanMulai === p.bulanSelesai ? '1' : '2', bulanMulaiPenilaian: Number(p.bulanMulai),
            bulanSelesaiPenilaian: Number(p.bulanSelesai), tahunMulaiPenilaian: Number(p.tahun), tahunSelesaiPenilaian: Number(p.tahun),
            kuadranKinerjaNilai: kuadran, pnsDinilaiId: owner.pnsId, statusPenilai: 'ASN', path: [],
          }]
          : ['skp22/save', { id: null, tahun: Number(p.tahun), kuadranKinerjaNilai: kuadran, pnsDinilaiOrang: owner.pnsId, statusPenilai: 'ASN', path: [] }];
        const saved = await port.save(item.instansi_id, endpoint, body);
        await settleOutbox(db, id, { status: 'TERKIRIM', siasnId: saved.id });
        return { status: 'TERKIRIM' };
      } catch (err) {
        if (!(err instanceof SiasnError)) throw err;
        const permanent = err instanceof SiasnRejected || err instanceof SiasnAuthNeedsHuman;
        return { status: await failOutbox(db, id, err.message, permanent) };
      }
    },
  });
}
