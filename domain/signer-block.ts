/**
 * What a decree prints under the electronic signature, from who actually signs. The printed name and NIP are always
 * those of the person whose certificate signs; an official signing for the PPK (a governor, a regent, the President)
 * prints "a.n." above their own office; an acting official prints "Plt." or "Plh." before the office they act in
 * (PP 17/2020; Peraturan BKN on Plt/Plh).
 */

export type SignerCapacity = 'DEFINITIF' | 'PLT' | 'PLH';

export interface SignerBlockInput {
  /** The office on whose behalf the decree is signed (e.g. "GUBERNUR JAWA TENGAH"), or null when the signer holds it. */
  atasNama: string | null;
  /** The office the signing official holds, or acts in under a delegation. */
  jabatan: string;
  capacity: SignerCapacity;
  nama: string;
  nip: string;
}

export interface PrintedSigner {
  /** Lines above the signature, joined with line breaks. */
  jabatan: string;
  nama: string;
  nip: string;
}

const CAPACITY_PREFIX: Record<SignerCapacity, string> = { DEFINITIF: '', PLT: 'Plt. ', PLH: 'Plh. ' };

export function printedSigner(i: SignerBlockInput): PrintedSigner {
  const office = i.jabatan.trim().replace(/,+$/, '');
  if (!office) throw new RangeError('the signer block needs the office of the signer');
  if (!/^\d{18}$/.test(i.nip)) throw new RangeError(`the printed signer needs an 18-digit NIP: ${i.nip}`);
  const onBehalf = i.atasNama?.trim() && i.atasNama.trim().toUpperCase() !== office.toUpperCase() ? i.atasNama.trim() : null;
  const lines = [onBehalf ? `a.n. ${onBehalf.toUpperCase()}` : null, `${CAPACITY_PREFIX[i.capacity]}${office.toUpperCase()},`].filter(Boolean);
  return { jabatan: lines.join('\n'), nama: i.nama, nip: i.nip };
}
