import fc from 'fast-check';
import { computeByteRange, embedSignatureHex, findPlaceholder, patchByteRange, SigningError } from '../../signing';
import { BYTE_RANGE_PLACEHOLDER } from '../../signing/placeholder';

function docWith(prefix: string, hexZeros: number, suffix: string): Buffer {
  return Buffer.from(`${prefix}<< /Type /Sig /ByteRange ${BYTE_RANGE_PLACEHOLDER} /Contents <${'0'.repeat(hexZeros)}> >>${suffix}`, 'latin1');
}

describe('signature placeholder helpers', () => {
  it('find the /ByteRange slot and the zero-filled /Contents hex string', () => {
    const doc = docWith('%PDF-1.7\n1 0 obj\n', 64, '\nendobj\n');
    const p = findPlaceholder(doc);
    expect(doc.subarray(p.byteRange.start, p.byteRange.end).toString()).toBe(BYTE_RANGE_PLACEHOLDER);
    expect(doc.subarray(p.contents.start, p.contents.end).toString()).toBe(`<${'0'.repeat(64)}>`);
  });

  it('also find the slot in pdf-lib\'s spacing "[ 0 /********** ... ]"', () => {
    const doc = Buffer.from('/ByteRange [ 0 /********** /********** /********** ]\n/Contents <0000>');
    expect(findPlaceholder(doc).byteRange.start).toBe(11);
  });

  it('skip placeholders before the given offset and filled signatures', () => {
    const first = docWith('%PDF-1.7\n', 16, '\n');
    const filled = Buffer.from(first.toString('latin1').replace('<0000000000000000>', '<3082000000000000>'), 'latin1');
    expect(() => findPlaceholder(filled)).toThrow(SigningError);
    const both = Buffer.concat([first, docWith('', 16, '')]);
    expect(findPlaceholder(both, first.length).contents.start).toBeGreaterThan(first.length);
  });

  it('refuse a document without placeholder with BAD_PDF', () => {
    expect(() => findPlaceholder(Buffer.from('%PDF-1.7\n%%EOF'))).toThrow(expect.objectContaining({ code: 'BAD_PDF' }));
  });

  it('compute a byte range that leaves out exactly the hex string with its brackets', () => {
    expect(computeByteRange(1000, { start: 100, end: 300 })).toEqual([0, 100, 300, 700]);
    expect(() => computeByteRange(100, { start: 50, end: 150 })).toThrow(RangeError);
  });

  it('patch the byte range and embed the signature without moving any byte', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), fc.uint8Array({ minLength: 1, maxLength: 40 }), (pre, post, der) => {
        const prefix = `%PDF-1.7\n${pre.replace(/[^ -~]/g, '')}`;
        const doc = docWith(prefix, 100, post.replace(/[^ -~]/g, ''));
        const original = Buffer.from(doc);
        const p = findPlaceholder(doc);
        const range = computeByteRange(doc.length, p.contents);
        patchByteRange(doc, p.byteRange, range);
        embedSignatureHex(doc, p.contents, der);
        expect(doc.length).toBe(original.length);
        const written = doc.subarray(p.byteRange.start, p.byteRange.end).toString();
        expect(written).toMatch(/^\[0 \d+ \d+ \d+ *\]$/);
        expect(written.match(/\d+/g)!.map(Number)).toEqual(range);
        // Outside the two patched spans nothing changed.
        for (const [a, b] of [[0, p.byteRange.start], [p.byteRange.end, p.contents.start + 1], [p.contents.end - 1, doc.length]]) {
          expect(doc.subarray(a, b).equals(original.subarray(a, b))).toBe(true);
        }
        const hex = doc.subarray(p.contents.start + 1, p.contents.end - 1).toString();
        expect(hex.startsWith(Buffer.from(der).toString('hex'))).toBe(true);
        expect(/^0*$/.test(hex.slice(der.length * 2))).toBe(true);
      }),
    );
  });

  it('refuse a signature larger than the placeholder with PLACEHOLDER_TOO_SMALL', () => {
    const doc = docWith('%PDF-1.7\n', 8, '');
    const p = findPlaceholder(doc);
    expect(() => embedSignatureHex(doc, p.contents, new Uint8Array(5))).toThrow(expect.objectContaining({ code: 'PLACEHOLDER_TOO_SMALL' }));
    expect(() => patchByteRange(doc, { start: 0, end: 5 }, [0, 123456, 234567, 345678])).toThrow(expect.objectContaining({ code: 'PLACEHOLDER_TOO_SMALL' }));
  });
});
