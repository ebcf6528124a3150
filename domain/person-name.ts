/**
 * A person's name as decrees and letters print it: the full name with the academic titles the employee record holds,
 * front titles before it and back titles after a comma ("Dr. Siti Aminah, S.H., M.H."). The record keeps the three
 * apart because peremajaan changes titles on their own (pencantuman gelar).
 */
export function namaLengkap(p: { nama: string; gelarDepan?: string | null; gelarBelakang?: string | null }): string {
  return [p.gelarDepan, p.nama].filter(Boolean).join(' ') + (p.gelarBelakang ? `, ${p.gelarBelakang}` : '');
}
