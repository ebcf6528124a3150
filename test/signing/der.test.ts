import fc from 'fast-check';
import { children, content, decodeOid, generalizedTime, integer, oid, readNode, readTime, seq, setOf } from '../../signing/der';

describe('DER helpers', () => {
  it('encode object identifiers that decode back to themselves', () => {
    expect(oid('1.2.840.113549.1.9.16.2.47').toString('hex')).toBe('060b2a864886f70d010910022f');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 39 }), fc.array(fc.bigInt({ min: 0n, max: 2n ** 80n }), { maxLength: 8 }), (a, b, rest) => {
        const dotted = [a, b, ...rest].join('.');
        expect(decodeOid(content(readNode(oid(dotted))))).toBe(dotted);
      }),
    );
  });

  it('encode integers minimally and positive', () => {
    expect(integer(0).toString('hex')).toBe('020100');
    expect(integer(128).toString('hex')).toBe('02020080');
    expect(integer(Buffer.from([0, 0, 0x7f])).toString('hex')).toBe('02017f');
    expect(integer(Buffer.from([0xff])).toString('hex')).toBe('020200ff');
  });

  it('sort SET OF members by their encoding', () => {
    const s = setOf(integer(300), integer(5), integer(2));
    expect(children(readNode(s)).map((c) => content(c).toString('hex'))).toEqual(['02', '05', '012c']);
  });

  it('write GeneralizedTime without trailing zeros and read it back', () => {
    const d = new Date('2025-03-12T07:05:09.120Z');
    expect(content(readNode(generalizedTime(d))).toString()).toBe('20250312070509.12Z');
    expect(readTime(readNode(generalizedTime(d)))).toEqual(d);
    expect(content(readNode(generalizedTime(new Date('2025-03-12T07:05:09.000Z')))).toString()).toBe('20250312070509Z');
  });

  it('read long-form lengths', () => {
    const big = seq(Buffer.alloc(70000, 1));
    expect(readNode(big).end).toBe(big.length);
  });
});
