import { golongan, type GolonganId } from './golongan';
import { REGULATION } from './regulations';
import type { JabatanFacts, JfLevel, StrukturalLevel } from './types';

export type SkSigner = 'PPK' | 'KEPALA_BKN' | 'PRESIDEN';

export interface SignerRules {
  /** The highest target golongan the PPK/PyB of the instansi signs. */
  ppkMaxGolonganId: GolonganId;
  presidentialStrukturalLevels: readonly StrukturalLevel[];
  presidentialJfLevels: readonly JfLevel[];
}

export const SIGNER_RULES: SignerRules = Object.freeze<SignerRules>({
  ppkMaxGolonganId: 42,
  presidentialStrukturalLevels: ['JPT_UTAMA', 'JPT_MADYA'],
  presidentialJfLevels: ['AHLI_UTAMA'],
});

export interface SignerInput {
  targetGolonganId: number;
  jabatan?: Pick<JabatanFacts, 'kind' | 'jfLevel' | 'strukturalLevel'>;
}

export interface SignerDecision {
  signer: SkSigner;
  regulation: string;
  reason: string;
}

/** Who signs the SK KP: the position decides first (presidential appointments), then the target golongan. */
export function signerFor(input: SignerInput, rules: SignerRules = SIGNER_RULES): SignerDecision {
  const j = input.jabatan;
  if (j?.kind === 'STRUKTURAL' && j.strukturalLevel && rules.presidentialStrukturalLevels.includes(j.strukturalLevel)) {
    return {
      signer: 'PRESIDEN',
      regulation: REGULATION.MANAJEMEN_PNS,
      reason: `pejabat ${j.strukturalLevel.replace('_', ' ')} ditetapkan dengan Keputusan Presiden`,
    };
  }
  if (j?.kind === 'FUNGSIONAL' && j.jfLevel && rules.presidentialJfLevels.includes(j.jfLevel)) {
    return {
      signer: 'PRESIDEN',
      regulation: REGULATION.MANAJEMEN_PNS,
      reason: 'pejabat fungsional jenjang Ahli Utama ditetapkan dengan Keputusan Presiden',
    };
  }
  const target = golongan(input.targetGolonganId);
  if (target.rank <= golongan(rules.ppkMaxGolonganId).rank) {
    return {
      signer: 'PPK',
      regulation: `${REGULATION.KP}; ${REGULATION.MANAJEMEN_PNS}`,
      reason: `golongan tujuan ${target.code} ditetapkan oleh PPK/PyB instansi`,
    };
  }
  return {
    signer: 'KEPALA_BKN',
    regulation: REGULATION.KEPPRES_IV_C,
    reason: `golongan tujuan ${target.code} ditetapkan oleh Kepala BKN atas nama Presiden`,
  };
}
