import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../db';
import {
  finishSiasnSync, nextSyncNips, recordUnorRefused, startSiasnSync, writeNipSnapshot, writeUnorSnapshot, type NipSnapshot,
} from '../db/repos/siasn-snapshots';
import type { SiasnPort, SiasnRead } from '../siasn/client';
import { SiasnError, SiasnRejected } from '../siasn/errors';
import { RIWAYAT_ENDPOINTS, RIWAYAT_JENIS, type UnorRow } from '../siasn/parse';
import type { SiasnSyncActivities } from '../workflows/siasn/contract';
import { classified } from './failures';

/** Temporal's view of a SIASN failure: outages are retried, a person's matter or a refusal is not (siasn/errors.ts). */
export const SiasnFailureType = { TIDAK_TERSEDIA: 'SiasnTidakTersedia', PERLU_TINDAKAN: 'SiasnPerluTindakan', DITOLAK: 'SiasnDitolak' } as const;

function toTemporal(err: unknown): unknown {
  if (!(err instanceof SiasnError)) return err;
  const type = SiasnFailureType[err.kind];
  return err.retryable ? ApplicationFailure.retryable(err.message, type) : ApplicationFailure.nonRetryable(err.message, type);
}

const UNOR_PAGE = 100;
const UNOR_PAGES_MAX = 1000;

/**
 * The pull's activities, idempotent by sync id and NIP (db/repos/siasn-snapshots.ts). Without a SIASN port (no
 * SIASN_BASE_URL and no stand-in) every pull stops at once with the reason, for a person to configure it.
 */
export function createSiasnSyncActivities(deps: { db: Db; siasn?: SiasnPort }): SiasnSyncActivities {
  const { db } = deps;
  const port = (): SiasnPort => {
    if (!deps.siasn) throw ApplicationFailure.nonRetryable('SIASN belum dikonfigurasi (SIASN_BASE_URL dan SIASN_ACCOUNTS_FILE)', SiasnFailureType.PERLU_TINDAKAN);
    return deps.siasn;
  };
  /** A request SIASN refused for this one NIP or page is recorded like an unreadable answer; the job goes on. */
  async function asked<T>(endpoint: string, call: () => Promise<SiasnRead<T>>): Promise<SiasnRead<T>> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof SiasnRejected) return { status: 'refused', endpoint, reason: err.message, raw: err.body ?? '' };
      throw toTemporal(err);
    }
  }

  return classified<SiasnSyncActivities>({
    async siasnSyncStarted({ syncId }) {
      const s = await startSiasnSync(db, syncId);
      return { total: s.total };
    },

    async siasnPullUnor({ syncId, instansiId }) {
      const rows: UnorRow[] = [];
      for (let page = 0; page < UNOR_PAGES_MAX; page += 1) {
        const r = await asked('referensi/ref-unor', () => port().refUnor(instansiId, { limit: UNOR_PAGE, offset: page * UNOR_PAGE }));
        if (r.status === 'refused') {
          // A tree read in part is not the tree: the last whole one stays.
          await recordUnorRefused(db, { syncId, endpoint: r.endpoint, reason: `halaman ${page + 1}: ${r.reason}`, raw: r.raw });
          return { units: 0, refused: true };
        }
        if (r.status === 'not_found') break;
        rows.push(...r.value);
        if (r.value.length < UNOR_PAGE) break;
      }
      await writeUnorSnapshot(db, instansiId, rows);
      return { units: rows.length, refused: false };
    },

    async siasnNextNips(input) {
      return nextSyncNips(db, input);
    },

    async siasnPullNip({ syncId, instansiId, nip }) {
      const base: NipSnapshot = { syncId, instansiId, nip, pegawai: null, notInSiasn: false, riwayat: [], refused: [] };
      const du = await asked('pns/data-utama', () => port().dataUtama(instansiId, nip));
      if (du.status === 'not_found') {
        await writeNipSnapshot(db, { ...base, notInSiasn: true });
        return { outcome: 'TIDAK_ADA' };
      }
      if (du.status === 'refused') {
        await writeNipSnapshot(db, { ...base, refused: [{ endpoint: du.endpoint, reason: du.reason, raw: du.raw }] });
        return { outcome: 'DITOLAK' };
      }
      const { nip: _nip, ...columns } = du.value;
      const snap: NipSnapshot = { ...base, pegawai: { columns, raw: du.raw } };
      // Riwayat before the snapshot is written (SIASN.md §9.2), all of them in the one transaction below.
      for (const jenis of RIWAYAT_JENIS) {
        const r = await asked(RIWAYAT_ENDPOINTS[jenis].path, () => port().riwayat(instansiId, jenis, { nip, pnsId: du.value.pns_id }));
        if (r.status === 'refused') snap.refused.push({ endpoint: r.endpoint, reason: r.reason, raw: r.raw });
        else snap.riwayat.push({ jenis, rows: r.status === 'ok' ? r.value.map((x) => ({ siasnId: x.siasnId, tahun: x.tahun, data: x.data, raw: x.raw })) : [] });
      }
      const { failed } = await writeNipSnapshot(db, snap);
      return { outcome: failed ? 'DITOLAK' : 'SNAPSHOT' };
    },

    async siasnSyncFinished({ syncId, failed }) {
      await finishSiasnSync(db, syncId, failed ? `Penarikan data SIASN berhenti: ${failed}` : undefined);
    },
  });
}
