import { systemClock } from '../config/clock';
import type { Db } from '../db';
import type { BlobStore } from '../dms/blob-store';
import { assignNumber } from '../db/repos/numbers';
import { loadSkFacts, skSignerBlock } from '../db/repos/decree-facts';
import { namedSkSigner, NoNamedSignerError } from '../db/repos/signers';
import { formatSkNumber, DEFAULT_SK_NUMBER_FORMAT, skNumberFormatProblems } from '../domain/numbering';
import { todayIn, type Clock } from '../domain/office-clock';
import { renderSkKp } from '../documents/sk-kp';
import type { KpDocumentActivities } from '../workflows/kp/contract';
import { classified, permanentFailure } from './failures';
import { PermanentFailure } from '../domain/failures';

export interface KpDocumentDeps {
  db: Db;
  blobs: BlobStore;
  skNumberFormat?: string;
  clock?: Clock;
}

export function createKpDocumentActivities(deps: KpDocumentDeps): KpDocumentActivities {
  const { db } = deps;
  const clock = deps.clock ?? systemClock;
  return classified<KpDocumentActivities>({
    /**
     * Names the one official who signs, numbers the SK in the issuing office's sequence and renders the draft that
     * official reviews. The number is assigned once per usulan, so a retry gets the same number; the date and the
     * signer block are set again when the SK is signed (the decree is dated on the day its signer signs).
     */
    async prepareSkDraft({ usulanId }) {
      const facts = await loadSkFacts(db, usulanId);
      const u = facts.usulan;
      let named;
      try {
        named = await namedSkSigner(db, u);
      } catch (err) {
        // No retry can name a signer the instansi has not designated: stop and surface.
        if (err instanceof NoNamedSignerError) throw permanentFailure(PermanentFailure.NO_NAMED_SIGNER, err.message);
        throw err;
      }
      // A format the governing regulation prescribes wins over the deployment's own.
      const format = facts.ruleVersion.skNumberFormat ?? deps.skNumberFormat ?? DEFAULT_SK_NUMBER_FORMAT;
      const formatProblems = skNumberFormatProblems(format);
      if (formatProblems.length) throw permanentFailure(PermanentFailure.NUMBER_FORMAT, formatProblems.join('; '));
      const tanggal = todayIn(facts.issuer.zone, clock.now());
      const year = Number(tanggal.slice(0, 4));
      let numbered: { nomor: string; tanggal: string };
      try {
        numbered = await assignNumber(db, {
          usulanId, scope: { issuer: facts.issuer.id, series: 'SK', year }, tanggal,
          format: (seq) => formatSkNumber(format, { seq, unit: facts.issuer.unit, office: facts.issuer.code, year }),
        });
      } catch (err) {
        if ((err as { code?: string }).code === '23505') {
          throw permanentFailure(PermanentFailure.NUMBER_COLLISION, `Nomor SK bentrok dalam lingkup ${facts.issuer.id}/${year}: ${(err as Error).message}`);
        }
        if (err instanceof RangeError) throw permanentFailure(PermanentFailure.NUMBER_FORMAT, `Format nomor SK tidak dapat dipakai: ${err.message}`);
        throw err;
      }
      const { bytes, signatureField } = await renderSkKp({
        ...facts.data, nomor: numbered.nomor, tanggalPenetapan: numbered.tanggal,
        penandatangan: skSignerBlock(facts, named, 'DEFINITIF', named),
      });
      const { sha256 } = await deps.blobs.put(bytes);
      // The hash and the signer reach the read model with the DRAF_SK_SIAP step, once the workflow holds this draft.
      await db.updateTable('usulan_kp').set({
        sk_nomor: numbered.nomor, sk_tanggal: numbered.tanggal, sk_draft_field: JSON.stringify(signatureField), updated_at: new Date(),
      }).where('id', '=', usulanId).execute();
      return { nomor: numbered.nomor, tanggal: numbered.tanggal, draftSha256: sha256, signerUserId: named.id };
    },
  });
}
