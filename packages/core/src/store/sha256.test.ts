import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacSha256Hex, newAuditSecret, sha256Hex } from './sha256.js';

describe('sha256Hex', () => {
  it('gives the FIPS 180-4 test vectors', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('equals node:crypto on any text, across block boundaries (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('hmacSha256Hex', () => {
  it('gives the RFC 4231 test vectors (cases 1, 2 and 6: a key longer than a block)', () => {
    expect(hmacSha256Hex('0b'.repeat(20), 'Hi There')).toBe(
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    );
    expect(hmacSha256Hex('4a656665', 'what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(
      hmacSha256Hex('aa'.repeat(131), 'Test Using Larger Than Block-Size Key - Hash Key First'),
    ).toBe('60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54');
  });

  it('equals node:crypto for any key and text (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 100 }),
        fc.string({ unit: 'grapheme', maxLength: 100 }),
        (key, s) => {
          const hex = Buffer.from(key).toString('hex');
          expect(hmacSha256Hex(hex, s)).toBe(
            createHmac('sha256', Buffer.from(key)).update(s, 'utf8').digest('hex'),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a new secret is 64 hex digits, different each time', () => {
    const a = newAuditSecret();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(newAuditSecret()).not.toBe(a);
  });
});
