import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { BudgetExceeded, decodedSize, UnsupportedFilter } from '../../dms/pdf-filters';
import { ascii85Encode, encodedStream, lzwEncode, lzwRun, onePage } from './pdf-fixtures';

const steps = (...names: string[]) => names.map((name) => ({ name }));

describe('decoded sizes through the standard filters', () => {
  it('decodes the LZW example of ISO 32000-1 7.4.4.2 to its ten bytes', () => {
    expect(decodedSize(Buffer.from('800B6050220C0C8501', 'hex'), steps('LZWDecode'), 100)).toBe('-----A---B'.length);
  });

  it('decodes ASCII85 and ASCIIHex as the specification writes them', () => {
    expect(decodedSize(Buffer.from('87cURD]i,"Ebo80~>', 'latin1'), steps('A85'), 100)).toBe('Hello World!'.length);
    expect(decodedSize(Buffer.from('48 65 6c6C6f>', 'latin1'), steps('AHx'), 100)).toBe(5);
    expect(decodedSize(Buffer.from('4 8 6>', 'latin1'), steps('ASCIIHexDecode'), 100)).toBe(2);
  });

  it('decodes run-length data', () => {
    expect(decodedSize(Buffer.from([2, 1, 2, 3, 254, 9, 128]), steps('RunLengthDecode'), 100)).toBe(3 + 3);
  });

  it('follows a chain (ASCII85 then Flate) and stops a bomb at the budget', () => {
    const bomb = ascii85Encode(deflateSync(Buffer.alloc(20 * 1024 * 1024)));
    expect(bomb.length).toBeLessThan(40 * 1024);
    expect(decodedSize(bomb, steps('ASCII85Decode', 'FlateDecode'), 30 * 1024 * 1024)).toBe(20 * 1024 * 1024);
    expect(() => decodedSize(bomb, steps('ASCII85Decode', 'FlateDecode'), 1024 * 1024)).toThrow(BudgetExceeded);
  });

  it('stops an LZW bomb at the budget', () => {
    const bomb = lzwRun(0x41, 8 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(20 * 1024);
    expect(decodedSize(bomb, steps('LZW'), 16 * 1024 * 1024)).toBe(8 * 1024 * 1024);
    expect(() => decodedSize(bomb, steps('LZW'), 1024 * 1024)).toThrow(BudgetExceeded);
  });

  it('counts an image codec as its input and refuses what it cannot decode', () => {
    expect(decodedSize(Buffer.alloc(500), steps('FlateDecode', 'DCTDecode').slice(1), 10)).toBe(500);
    expect(() => decodedSize(Buffer.alloc(5), steps('DCTDecode', 'FlateDecode'), 100)).toThrow(UnsupportedFilter);
    expect(() => decodedSize(Buffer.alloc(5), steps('Crypt'), 100)).toThrow(UnsupportedFilter);
    expect(() => decodedSize(Buffer.alloc(5), steps('BogusDecode'), 100)).toThrow(UnsupportedFilter);
  });

  it('agrees with qpdf on what LZW and ASCII85 streams hold (the test encoders are checked by an independent decoder)', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'usulan-filters-'));
    try {
      const text = Buffer.from(Array.from({ length: 3000 }, (_, i) => `BT /F1 9 Tf 20 ${i % 800} Td (Baris ${i} ${'x'.repeat(i % 37)}) Tj ET\n`).join(''), 'latin1');
      for (const [filter, data] of [['/LZWDecode', lzwEncode(text)], ['/ASCII85Decode', ascii85Encode(text)]] as const) {
        const file = path.join(tmp, 'in.pdf');
        writeFileSync(file, onePage({ page: '/Contents 4 0 R', extra: [encodedStream('', data, filter)] }));
        execFileSync('qpdf', ['--qdf', '--object-streams=disable', '--decode-level=generalized', file, path.join(tmp, 'out.pdf')]);
        expect(readFileSync(path.join(tmp, 'out.pdf')).includes(text)).toBe(true);
        expect(decodedSize(data, steps(filter.slice(1)), 10 * text.length)).toBe(text.length);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
