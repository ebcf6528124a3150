import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { inspectUploadedPdf, type InspectOptions, type InspectResult } from '../../dms/pdf-inspect';
import { decodePdfName, scanPdfSyntax } from '../../dms/pdf-inspect-scan';
import { createLocalSigner, enrolOfficial, ensureStandInPki } from '../../signing';
import { onePage, stream } from './pdf-fixtures';

const LIMIT: InspectOptions = { maxBytes: 10 * 1024 * 1024 };
const inspect = (bytes: Uint8Array, opts: InspectOptions = LIMIT): Promise<InspectResult> => inspectUploadedPdf(bytes, opts);

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
    const started = Date.now();
    expect(await inspect(pdf)).toEqual({ ok: true, pages: 1 });
    expect(Date.now() - started).toBeLessThan(4000);
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

  it('refuses an encrypted PDF', async () => {
    const pdf = onePage({ extra: ['<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <00> /U <00> >>'], trailer: '/Encrypt 4 0 R /ID [<01> <01>] ' });
    expectRefused(await inspect(pdf), 'ENCRYPTED');
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

  it('refuses JavaScript hidden inside a compressed object stream', async () => {
    const obj = '<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /JavaScript /JS (app.alert(1)) >> >>';
    const header = '5 0 ';
    const pdf = onePage({ page: '/Annots [5 0 R]', extra: [stream(`/Type /ObjStm /N 1 /First ${header.length}`, header + obj, true)] });
    expect(pdf.includes('JavaScript')).toBe(false);
    const result = await inspect(pdf);
    expectRefused(result, 'ACTIVE_CONTENT');
    expect(!result.ok && result.detail).toMatch(/object stream/);
  });

  it('refuses active content behind #xx escapes in names (/J#61vaScript)', async () => {
    const pdf = onePage({ page: '/Annots [4 0 R]', extra: ['<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /J#61vaScript /J#53 (app.alert(1)) >> >>'] });
    expect(pdf.includes('/JavaScript')).toBe(false);
    expect(pdf.includes('/JS')).toBe(false);
    expectRefused(await inspect(pdf), 'ACTIVE_CONTENT');
  });

  it('refuses a decompression bomb instead of inflating it', async () => {
    const bomb = stream('', Buffer.alloc(60 * 1024 * 1024), true);
    const pdf = onePage({ page: '/Contents 4 0 R', extra: [bomb] });
    expect(pdf.length).toBeLessThan(200 * 1024);
    expectRefused(await inspect(pdf), 'DECOMPRESSION_BOMB');
  });

  it('refuses garbage after a valid header as unparsable', async () => {
    const garbage = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('ini bukan isi pdf yang sah; hanya teks acak tanpa objek. '.repeat(50))]);
    expectRefused(await inspect(garbage), 'UNPARSABLE');
  });

  it('refuses a PDF without pages as unparsable', async () => {
    const pdf = Buffer.from(onePage().toString('latin1').replace('/Kids [3 0 R] /Count 1', '/Kids [] /Count 0'), 'latin1');
    expectRefused(await inspect(pdf), 'UNPARSABLE');
  });

  it('kills an inspection that overruns its time and refuses the file', async () => {
    expectRefused(await inspect(onePage(), { ...LIMIT, timeoutMs: 1 }), 'TIMEOUT');
  });
});

describe('the syntax scan', () => {
  it('decodes #xx escapes in names', () => {
    expect(decodePdfName('J#61vaScript')).toBe('JavaScript');
    expect(decodePdfName('A#20B')).toBe('A B');
  });

  it('does not mistake names inside ordinary stream data for active content', () => {
    const pdf = onePage({ page: '/Contents 4 0 R', extra: [stream('', 'BT /JS 12 Tf (x) Tj ET /AA Do')] });
    expect(scanPdfSyntax(pdf, { maxInflatedBytes: 1 << 20 })).toBeNull();
  });
});
