import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { inspectUploadedPdf, type InspectOptions, type InspectResult } from '../../dms/pdf-inspect';
import { createLocalSigner, enrolOfficial, ensureStandInPki } from '../../signing';
import { ascii85Encode, encodedStream, handPdf, lzwRun, onePage, stream, CATALOG, PAGES, PAGE } from './pdf-fixtures';

const LIMIT: InspectOptions = { maxBytes: 10 * 1024 * 1024 };
const inspect = (bytes: Uint8Array, opts: InspectOptions = LIMIT): Promise<InspectResult> => inspectUploadedPdf(bytes, opts);

/** A file rewritten by qpdf (a real, independent PDF writer) with the given options. */
function viaQpdf(pdf: Buffer, args: string[]): Buffer {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'usulan-qpdf-'));
  try {
    writeFileSync(path.join(tmp, 'in.pdf'), pdf);
    execFileSync('qpdf', [...args, path.join(tmp, 'in.pdf'), path.join(tmp, 'out.pdf')]);
    return readFileSync(path.join(tmp, 'out.pdf'));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Pages of a 300 dpi A4 scan: 1-bit lossless (Flate) with a few dark lines, as office scanners write them. */
function bilevelScan(pages: number): Buffer {
  const w = 2480;
  const h = 3508;
  const row = Math.ceil(w / 8);
  const bodies: Array<string | Buffer> = [CATALOG(), `<< /Type /Pages /Kids [${Array.from({ length: pages }, (_, i) => `${3 + i * 3} 0 R`).join(' ')}] /Count ${pages} >>`];
  for (let p = 0; p < pages; p++) {
    const samples = Buffer.alloc(row * h, 0xff);
    for (let y = 300 + p; y < h - 300; y += 47) samples.fill(0x00, y * row + 30, y * row + row - 30 - (y % 97));
    const n = 3 + p * 3;
    bodies.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 ${n + 1} 0 R >> >> /Contents ${n + 2} 0 R >>`);
    bodies.push(stream(`/Type /XObject /Subtype /Image /Width ${w} /Height ${h} /ColorSpace /DeviceGray /BitsPerComponent 1`, samples, true));
    bodies.push(stream('', 'q 595 0 0 842 0 0 cm /Im0 Do Q', true));
  }
  return handPdf(bodies);
}

function expectRefused(result: InspectResult, code: string): void {
  expect(result).toMatchObject({ ok: false, code });
  if (!result.ok) expect(result.reason.length).toBeGreaterThan(10);
}

describe('inspecting an uploaded PDF', () => {
  it('accepts a clean hand-written one-page PDF and counts its pages', async () => {
    expect(await inspect(onePage())).toEqual({ ok: true, pages: 1 });
  });

  it('accepts a pdf-lib document saved with object streams and a compressed cross-reference stream', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (let i = 0; i < 3; i++) doc.addPage().drawText(`Halaman ${i + 1}`, { x: 50, y: 700, font });
    expect(await inspect(await doc.save({ useObjectStreams: true }))).toEqual({ ok: true, pages: 3 });
  });

  it('accepts a PDF signed by the stand-in (signature fields are not active content)', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'usulan-inspect-'));
    const keysDir = path.join(tmp, 'keys');
    await ensureStandInPki(keysDir);
    await enrolOfficial(keysDir, { id: 'p', name: 'Pejabat Uji', nip: '197001011990031001', jabatan: 'Kepala', passphrase: 'frasa-sandi-uji' });
    const session = await createLocalSigner(keysDir).unlock('p', 'frasa-sandi-uji');
    const signed = await session.sign(onePage(), { reason: 'uji', location: 'Jakarta', verificationUrl: 'https://example.go.id/v/1' });
    expect(await inspect(signed)).toEqual({ ok: true, pages: 1 });
    rmSync(tmp, { recursive: true, force: true });
  });

  it('accepts a document of many content streams whose /Length values are indirect objects', async () => {
    const count = 2000;
    const extra: Array<string | Buffer> = [];
    const contents: string[] = [];
    for (let i = 0; i < count; i++) {
      const data = `BT /F1 12 Tf 72 ${700 - (i % 40) * 15} Td (Baris ${i}) Tj ET`;
      const objNum = 4 + extra.length;
      contents.push(`${objNum} 0 R`);
      extra.push(Buffer.from(`<< /Length ${objNum + 1} 0 R >>\nstream\n${data}\nendstream`), String(data.length));
    }
    const pdf = onePage({ page: `/Contents [${contents.join(' ')}]`, extra });
    expect(await inspect(pdf)).toEqual({ ok: true, pages: 1 });
  });

  it('accepts an /OpenAction that is only a destination (open at page 1)', async () => {
    expect(await inspect(onePage({ catalog: '/OpenAction [3 0 R /Fit]' }))).toEqual({ ok: true, pages: 1 });
  });

  it('refuses bytes that do not start with %PDF- at byte 0', async () => {
    expectRefused(await inspect(Buffer.concat([Buffer.from(' '), onePage()])), 'NOT_PDF');
    expectRefused(await inspect(Buffer.from('PK\x03\x04 bukan pdf')), 'NOT_PDF');
    expectRefused(await inspect(Buffer.alloc(0)), 'NOT_PDF');
  });

  it('refuses a file over the size limit, saying the limit in the reason', async () => {
    const result = await inspect(onePage(), { maxBytes: 100 });
    expectRefused(result, 'TOO_LARGE');
    expect(!result.ok && result.reason).toMatch(/melebihi batas/);
  });

  it('refuses an encrypted PDF, with or without a password to open it', async () => {
    expectRefused(await inspect(viaQpdf(onePage(), ['--encrypt', '', 'pemilik', '256', '--'])), 'ENCRYPTED');
    expectRefused(await inspect(viaQpdf(onePage(), ['--encrypt', 'rahasia', 'pemilik', '256', '--'])), 'ENCRYPTED');
  });

  it('refuses document-level JavaScript', async () => {
    const pdf = onePage({ catalog: '/Names << /JavaScript 4 0 R >>', extra: ['<< /Names [(a) 5 0 R] >>', '<< /S /JavaScript /JS (app.alert(1)) >>'] });
    const result = await inspect(pdf);
    expectRefused(result, 'ACTIVE_CONTENT');
    expect(!result.ok && result.reason).toMatch(/JavaScript/);
  });

  it('refuses an /OpenAction that runs an action', async () => {
    const result = await inspect(onePage({ catalog: '/OpenAction << /S /URI /URI (http://contoh.invalid/) >>' }));
    expectRefused(result, 'ACTIVE_CONTENT');
    expect(!result.ok && result.detail).toMatch(/OpenAction/);
  });

  it('refuses a /Launch action', async () => {
    const pdf = onePage({ page: '/Annots [4 0 R]', extra: ['<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /Launch /F (cmd.exe) >> >>'] });
    expectRefused(await inspect(pdf), 'ACTIVE_CONTENT');
  });

  it('refuses embedded files', async () => {
    const pdf = onePage({
      catalog: '/Names << /EmbeddedFiles 4 0 R >>',
      extra: ['<< /Names [(x.exe) 5 0 R] >>', '<< /Type /Filespec /F (x.exe) /EF << /F 6 0 R >> >>', stream('/Type /EmbeddedFile', 'MZ...')],
    });
    expectRefused(await inspect(pdf), 'ACTIVE_CONTENT');
  });

  it('refuses XFA forms', async () => {
    const pdf = onePage({ catalog: '/AcroForm << /Fields [] /XFA 4 0 R >>', extra: [stream('', '<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"/>')] });
    expectRefused(await inspect(pdf), 'ACTIVE_CONTENT');
  });

  it('refuses JavaScript inside object streams, however the object stream is disguised', async () => {
    const hidden = onePage({ page: '/Annots [4 0 R]', extra: ['<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /JavaScript /JS (app.alert(1)) >> >>'] });
    // qpdf writes a real object stream and a cross-reference stream with a PNG predictor: nothing of it is visible as text.
    const packed = viaQpdf(hidden, ['--object-streams=generate', '--compress-streams=y']);
    expect(packed.includes('JavaScript')).toBe(false);
    const result = await inspect(packed);
    expectRefused(result, 'ACTIVE_CONTENT');
    expect(!result.ok && result.reason).toMatch(/JavaScript/);
    // The disguises that walked around the byte scan: /Type hex-escaped, after a comment, or missing.
    for (const [from, to] of [['/Type /ObjStm', '/T#79pe /#4FbjStm'], ['/Type /ObjStm', '%komentar\n/Type /ObjStm'], ['/Type /ObjStm', '']]) {
      const disguised = Buffer.from(packed.toString('latin1').replace(from, to.replace('\\n', '\n')), 'latin1');
      expect(await inspect(disguised)).toMatchObject({ ok: false });
    }
  });

  it('refuses active content behind #xx escapes in names (/J#61vaScript)', async () => {
    const pdf = onePage({ page: '/Annots [4 0 R]', extra: ['<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /J#61vaScript /J#53 (app.alert(1)) >> >>'] });
    expect(pdf.includes('/JavaScript')).toBe(false);
    expect(pdf.includes('/JS')).toBe(false);
    expectRefused(await inspect(pdf), 'ACTIVE_CONTENT');
  });

  it('refuses decompression bombs behind every standard filter and chain, instead of expanding them', async () => {
    const zeros = Buffer.alloc(60 * 1024 * 1024);
    const flate = deflateSync(zeros);
    const bombs = [
      encodedStream('', flate, '/FlateDecode'),
      encodedStream('', ascii85Encode(flate), '[/ASCII85Decode /FlateDecode]'),
      encodedStream('', Buffer.from(`${flate.toString('hex')}>`), '[/AHx /Fl]'),
      encodedStream('', lzwRun(0x20, 40 * 1024 * 1024), '/LZWDecode'),
    ];
    for (const bomb of bombs) {
      const pdf = onePage({ page: '/Contents 4 0 R', extra: [bomb] });
      expect(pdf.length).toBeLessThan(1024 * 1024);
      const result = await inspect(pdf);
      expectRefused(result, 'DECOMPRESSION_BOMB');
    }
  });

  it('refuses an image whose data inflates past its declared size, or that declares an absurd size', async () => {
    const small = '/Type /XObject /Subtype /Image /Width 100 /Height 100 /ColorSpace /DeviceGray /BitsPerComponent 8';
    const inflating = onePage({ page: '/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R', extra: [stream(small, Buffer.alloc(30 * 1024 * 1024), true), stream('', 'q 100 0 0 100 0 0 cm /Im0 Do Q')] });
    expectRefused(await inspect(inflating), 'DECOMPRESSION_BOMB');
    const huge = '/Type /XObject /Subtype /Image /Width 60000 /Height 60000 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode';
    const absurd = onePage({ page: '/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R', extra: [Buffer.from(`<< ${huge} /Length 4 >>\nstream\n\xff\xd8\xff\xd9\nendstream`, 'latin1'), stream('', '/Im0 Do')] });
    const result = await inspect(absurd);
    expectRefused(result, 'DECOMPRESSION_BOMB');
    expect(!result.ok && result.reason).toMatch(/Gambar/);
  });

  it('refuses garbage after a valid header as unparsable', async () => {
    const garbage = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('ini bukan isi pdf yang sah; hanya teks acak tanpa objek. '.repeat(50))]);
    expectRefused(await inspect(garbage), 'UNPARSABLE');
  });

  it('refuses a PDF without pages as unparsable', async () => {
    const pdf = handPdf([CATALOG(), '<< /Type /Pages /Kids [] /Count 0 >>']);
    expectRefused(await inspect(pdf), 'UNPARSABLE');
  });

  it('kills an inspection that overruns its time and refuses the file', async () => {
    expectRefused(await inspect(onePage(), { ...LIMIT, timeoutMs: 1 }), 'TIMEOUT');
  });
});

describe('what a reader resolves, not what the bytes look like', () => {
  it('accepts a document whose title quotes names (Nomor 800/JS/AA/2024) and content that draws /JS or /AA operands', async () => {
    const pdf = onePage({ page: '/Contents 4 0 R', extra: [stream('', 'BT /JS 12 Tf (x) Tj ET /AA Do')], trailer: '/Info << /Title (Nomor 800/JS/AA/2024 /OpenAction /Launch) >> ' });
    expect(await inspect(pdf)).toEqual({ ok: true, pages: 1 });
  });

  it('accepts 300 dpi scans of 8 and 20 pages, lossless 1-bit and JPEG', async () => {
    const eight = bilevelScan(8);
    expect(eight.length).toBeLessThan(400 * 1024);
    expect(await inspect(eight)).toEqual({ ok: true, pages: 8 });
    expect(await inspect(bilevelScan(20))).toEqual({ ok: true, pages: 20 });

    // A real JPEG at 300 dpi, rendered by poppler from a page of text, placed on 12 pages as separate images.
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'usulan-scan-'));
    try {
      const src = await PDFDocument.create();
      const font = await src.embedFont(StandardFonts.TimesRoman);
      const page = src.addPage([595, 842]);
      for (let l = 0; l < 50; l++) page.drawText(`Baris ${l} dari dokumen pindaian, keputusan kepegawaian`, { x: 50, y: 800 - l * 15, size: 11, font });
      writeFileSync(path.join(tmp, 'src.pdf'), await src.save());
      execFileSync('pdftoppm', ['-r', '300', '-jpeg', '-jpegopt', 'quality=40', '-singlefile', path.join(tmp, 'src.pdf'), path.join(tmp, 'scan')]);
      const jpeg = readFileSync(path.join(tmp, 'scan.jpg'));
      const doc = await PDFDocument.create();
      for (let p = 0; p < 12; p++) {
        const img = await doc.embedJpg(jpeg);
        expect(img.width).toBe(2480);
        doc.addPage([595, 842]).drawImage(img, { x: 0, y: 0, width: 595, height: 842 });
      }
      expect(await inspect(await doc.save())).toEqual({ ok: true, pages: 12 });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('accepts links to web addresses and within the document, and tagged structure with attributes', async () => {
    const pdf = onePage({
      page: '/Annots [4 0 R 5 0 R] /StructParents 0',
      catalog: '/StructTreeRoot 6 0 R /MarkInfo << /Marked true >> /Lang (id-ID)',
      extra: [
        '<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (https://verifikasi.bkn.go.id/sk/1) >> >>',
        '<< /Type /Annot /Subtype /Link /Rect [0 20 10 30] /A << /S /GoTo /D [3 0 R /Fit] >> >>',
        '<< /Type /StructTreeRoot /K 7 0 R >>',
        '<< /Type /StructElem /S /P /P 6 0 R /Pg 3 0 R /A << /O /Layout /Placement /Block >> /K 0 >>',
      ],
    });
    expect(await inspect(pdf)).toEqual({ ok: true, pages: 1 });
  });

  it('reads the last incremental update as readers do: an update that adds JavaScript to a clean document is refused', async () => {
    // An incremental update appended by hand: a new catalog (object 1, generation 0) with an /OpenAction script.
    const base = onePage();
    const catalog = '1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\nendobj\n';
    const prevXref = Number(/startxref\n(\d+)/.exec(base.toString('latin1'))![1]);
    const update = `${catalog}xref\n1 1\n${String(base.length).padStart(10, '0')} 00000 n\r\ntrailer\n<< /Size 4 /Root 1 0 R /Prev ${prevXref} >>\nstartxref\n${base.length + catalog.length}\n%%EOF\n`;
    const result = await inspect(Buffer.concat([base, Buffer.from(update, 'latin1')]));
    expectRefused(result, 'ACTIVE_CONTENT');
  });

  it('refuses JavaScript that the byte scan missed: a catalog inside stream data, an overshooting /Length, ">>stream" inside a string', async () => {
    const js = '/OpenAction << /S /JavaScript /JS (app.alert(1)) >>';
    // The catalog the cross-reference table points to sits inside the data a stream claims (/Length 400 runs past it).
    const head = '%PDF-1.7\n';
    const catalogText = `1 0 obj\n<< /Type /Catalog /Pages 2 0 R ${js} >>\nendobj\n`;
    const streamObj = `4 0 obj\n<< /Length ${catalogText.length} >>\nstream\n${catalogText}\nendstream\nendobj\n`;
    const at1 = head.length + streamObj.indexOf(catalogText);
    const obj2 = `2 0 obj\n${PAGES}\nendobj\n`;
    const obj3 = `3 0 obj\n${PAGE('/Contents 4 0 R')}\nendobj\n`;
    const at2 = head.length + streamObj.length;
    const at3 = at2 + obj2.length;
    const xrefAt = at3 + obj3.length;
    const entry = (o: number) => `${String(o).padStart(10, '0')} 00000 n\r\n`;
    const hiddenCatalog = Buffer.from(`${head}${streamObj}${obj2}${obj3}xref\n0 5\n0000000000 65535 f\r\n${entry(at1)}${entry(at2)}${entry(at3)}${entry(head.length)}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1');
    const overshoot = onePage({ page: '/Contents 4 0 R', catalog: '/Names 5 0 R', extra: [Buffer.from('<< /Length 9999 >>\nstream\nBT ET\nendstream', 'latin1'), `<< /JavaScript 6 0 R >>`, `<< /Names [(a) 7 0 R] >>`, `<< /S /JavaScript /JS (app.alert(2)) >>`] });
    const inString = onePage({ page: '/Annots [4 0 R]', extra: [`<< /Type /Annot /Subtype /Text /Rect [0 0 9 9] /Contents (>>stream) /AA << /O << /S /JavaScript /JS (app.alert(3)) >> >> >>`] });
    expectRefused(await inspect(hiddenCatalog), 'ACTIVE_CONTENT');
    for (const pdf of [overshoot, inString]) expect(await inspect(pdf)).toMatchObject({ ok: false, code: expect.stringMatching(/ACTIVE_CONTENT|AMBIGUOUS/) });
  });

  it('refuses active content it did not know by name: attachments without /Type, GoToR to a share, 3D, javascript: links, unknown annotations', async () => {
    const cases: Array<[string, Buffer, RegExp]> = [
      ['attachment annotation whose stream has no /Type', onePage({ page: '/Annots [4 0 R]', extra: ['<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] /FS << /Type /Filespec /F (x.exe) /EF << /F 5 0 R >> >> >>', stream('', 'MZ\x90\x00')] }), /lampiran|FileAttachment/],
      ['GoToR to a UNC path', onePage({ page: '/Annots [4 0 R]', extra: ['<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /GoToR /F (\\\\\\\\server\\\\share\\\\x.pdf) /D [0 /Fit] >> >>'] }), /GoToR/],
      ['a 3D annotation with a script', onePage({ page: '/Annots [4 0 R]', extra: ['<< /Type /Annot /Subtype /3D /Rect [0 0 9 9] /3DD 5 0 R >>', stream('/Type /3D /Subtype /U3D', 'U3D')] }), /3D/],
      ['a javascript: link', onePage({ page: '/Annots [4 0 R]', extra: ['<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (javascript:app.alert(1)) >> >>'] }), /javascript:/],
      ['a file: link', onePage({ page: '/Annots [4 0 R]', extra: ['<< /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (file:///etc/passwd) >> >>'] }), /file:/],
      ['an annotation type outside the list', onePage({ page: '/Annots [4 0 R]', extra: ['<< /Type /Annot /Subtype /Screen /Rect [0 0 9 9] >>'] }), /Screen/],
      ['a rendition action', onePage({ catalog: '/Outlines 4 0 R', extra: ['<< /Type /Outlines /First 5 0 R /Last 5 0 R /Count 1 >>', '<< /Title (a) /Parent 4 0 R /A << /S /Rendition /OP 0 >> >>'] }), /Rendition/],
      ['a PostScript XObject', onePage({ page: '/Resources << /XObject << /P0 4 0 R >> >>', extra: [stream('/Type /XObject /Subtype /PS', '%!PS')] }), /PostScript|PS/],
      ['an unknown catalog entry', onePage({ catalog: '/AF [4 0 R]', extra: ['<< /Type /Filespec /F (a.txt) >>'] }), /AF/],
      ['a name tree of page templates', onePage({ catalog: '/Names << /Templates 4 0 R >>', extra: ['<< /Names [] >>'] }), /Templates/],
      ['stream data from an external file', onePage({ page: '/Contents 4 0 R', extra: ['<< /Length 0 /F (\\\\\\\\server\\\\isi.bin) >>\nstream\n\nendstream'] }), /berkas di luar/],
      ['an unknown filter', onePage({ page: '/Contents 4 0 R', extra: [encodedStream('', Buffer.from('abc'), '/BogusDecode')] }), /BogusDecode/],
    ];
    for (const [what, pdf, reason] of cases) {
      const result = await inspect(pdf);
      expect({ what, ok: result.ok }).toEqual({ what, ok: false });
      if (!result.ok) expect({ what, said: `${result.reason} ${result.detail ?? ''}` }).toEqual({ what, said: expect.stringMatching(reason) });
    }
  });

  it('refuses polyglots: a ZIP after %%EOF, HTML in the head, a ZIP header at the start', async () => {
    const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26), Buffer.from('PK\x05\x06', 'latin1'), Buffer.alloc(18)]);
    expectRefused(await inspect(Buffer.concat([onePage(), zip])), 'POLYGLOT');
    const html = Buffer.from(onePage().toString('latin1').replace('%PDF-1.7\n', '%PDF-1.7\n%<html><script>alert(1)</script>\n'), 'latin1');
    expectRefused(await inspect(html), 'POLYGLOT');
    // Markup after the end, where an HTML reader that skips the head still finds it.
    expectRefused(await inspect(Buffer.concat([onePage(), Buffer.from('<html>data tambahan</html>')])), 'POLYGLOT');
    // Trailing white space and NUL padding, as some writers leave, are fine.
    expect(await inspect(Buffer.concat([onePage(), Buffer.from('\r\n\0\0  \n')]))).toEqual({ ok: true, pages: 1 });
  });

  it('refuses what readers would repair differently: a broken cross-reference offset, a /Prev loop', async () => {
    const base = onePage();
    expectRefused(await inspect(Buffer.from(base.toString('latin1').replace(/startxref\n\d+/, 'startxref\n7'), 'latin1')), 'AMBIGUOUS');
    const text = base.toString('latin1');
    const xrefAt = Number(/startxref\n(\d+)/.exec(text)![1]);
    const looped = Buffer.from(text.replace('/Root 1 0 R', `/Root 1 0 R /Prev ${xrefAt}`), 'latin1');
    expect(await inspect(looped)).toMatchObject({ ok: false, code: expect.stringMatching(/AMBIGUOUS|UNPARSABLE/) });
  });
});
