import { PDFDocument, StandardFonts } from 'pdf-lib';
import { toWinAnsiSafe } from './format';

export interface PengantarItem {
  usulanId: string;
  nip: string;
  nama: string;
}

/**
 * The approval statement the instansi approver signs: one page per up to 40 usulan. A bulk approval signs one
 * statement listing every usulan, as a cover letter (surat pengantar) does on paper.
 */
export async function renderPengantar(args: { instansi: string; approver: string; tanggal: string; items: PengantarItem[] }): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(new Date(`${args.tanggal}T00:00:00Z`));
  doc.setModificationDate(new Date(`${args.tanggal}T00:00:00Z`));
  doc.setProducer('usulan');
  doc.setCreator('usulan');
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const bold = await doc.embedFont(StandardFonts.TimesRomanBold);
  const perPage = 40;
  for (let p = 0; p * perPage < Math.max(args.items.length, 1); p += 1) {
    const page = doc.addPage([595.28, 841.89]);
    let y = 790;
    const line = (text: string, f = font, size = 11) => {
      page.drawText(toWinAnsiSafe(text), { x: 56, y, size, font: f });
      y -= size + 5;
    };
    line('PERSETUJUAN USULAN KENAIKAN PANGKAT', bold, 13);
    line(args.instansi);
    line(`Tanggal ${args.tanggal}, disetujui oleh ${args.approver}`);
    y -= 8;
    for (const [i, it] of args.items.slice(p * perPage, (p + 1) * perPage).entries()) {
      line(`${p * perPage + i + 1}. ${it.nip}  ${it.nama}  (${it.usulanId})`, font, 9);
    }
  }
  return doc.save({ useObjectStreams: false });
}
