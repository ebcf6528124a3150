/**
 * The regulations the rules cite, in one place so that an amendment or a corrected citation is a one-line change.
 * Citations follow the sources listed in DOMAIN.md; the ones marked unconfirmed there stay marked where they are used.
 */
export const REGULATION = {
  UU_ASN: 'UU 20/2023',
  KP: 'PP 99/2000 jo. PP 12/2002',
  KP_REGULER: 'Peraturan BKN 2/2025',
  MANAJEMEN_PNS: 'PP 11/2017 jo. PP 17/2020',
  PERIODE_2_KALI: 'PP 99/2000 jo. PP 12/2002',
  PERIODE_6_KALI: 'Peraturan BKN 4/2023',
  PERIODE_BULANAN: 'Peraturan BKN 4/2025',
  ANGKA_KREDIT: 'Peraturan BKN 3/2023',
  JF_PERMENPAN: 'PermenPANRB 1/2023',
  ESELON: 'PP 100/2000 jo. PP 13/2002',
  NIP: 'Perka BKN 22/2007',
  KEPPRES_IV_C: 'Keppres 53/2014',
  GAJI: 'PP 7/1977 jo. PP 5/2024',
  PENILAIAN_KINERJA: 'PP 30/2019',
  DISIPLIN: 'PP 94/2021',
  PEREMAJAAN: 'Kepka BKN 87/2021',
  // No public regulation found for the SIASN data block; the rule is BKN practice.
  BLOKIR_BKN: 'Blokir data SIASN oleh BKN',
} as const;

export type Regulation = (typeof REGULATION)[keyof typeof REGULATION];
