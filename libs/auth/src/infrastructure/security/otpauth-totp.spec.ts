import { createHmac } from 'node:crypto';
import { OtpauthTotp } from './otpauth-totp';

/** RFC 6238 written here from the RFC (dynamic truncation of HMAC-SHA1 over the step), not the library. */
function rfcCode(secretAscii: string, step: number, digits = 6): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', Buffer.from(secretAscii, 'ascii')).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return value.toString().padStart(digits, '0');
}

// RFC 6238's SHA-1 seed, "12345678901234567890", in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('OtpauthTotp', () => {
  const totp = new OtpauthTotp();

  it('matches the RFC 6238 test vectors (8 digits there; 6 here: their last six)', () => {
    // Appendix B: T = 59 -> 94287082, T = 1111111109 -> 07081804, T = 2000000000 -> 69279037.
    expect(totp.matchStep(RFC_SECRET, '287082', 59_000)).toBe(1);
    expect(totp.matchStep(RFC_SECRET, '081804', 1_111_111_109_000)).toBe(37_037_036);
    expect(totp.matchStep(RFC_SECRET, '279037', 2_000_000_000_000)).toBe(66_666_666);
  });

  it('accepts one step of drift either way, and answers the step the code belongs to', () => {
    const now = 1_800_000_000_000;
    const step = Math.floor(now / 30_000);
    const secretAscii = '12345678901234567890';
    expect(totp.matchStep(RFC_SECRET, rfcCode(secretAscii, step - 1), now)).toBe(step - 1);
    expect(totp.matchStep(RFC_SECRET, rfcCode(secretAscii, step), now)).toBe(step);
    expect(totp.matchStep(RFC_SECRET, rfcCode(secretAscii, step + 1), now)).toBe(step + 1);
    expect(totp.matchStep(RFC_SECRET, rfcCode(secretAscii, step - 2), now)).toBeNull();
    expect(totp.matchStep(RFC_SECRET, rfcCode(secretAscii, step + 2), now)).toBeNull();
  });

  it('draws 160-bit base32 secrets and an otpauth URI apps understand', () => {
    const secret = totp.newSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(totp.newSecret()).not.toBe(secret);
    const uri = new URL(totp.keyUri(secret, 'alice@example.com'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Exchange:alice@example.com');
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({ secret, issuer: 'Exchange', algorithm: 'SHA1', digits: '6', period: '30' });
  });

  it('renders the URI as a PNG data URI', async () => {
    const png = await totp.qrCodePng('otpauth://totp/Exchange:a?secret=ABC');
    expect(png.startsWith('data:image/png;base64,')).toBe(true);
    expect(Buffer.from(png.slice(22), 'base64').subarray(1, 4).toString('ascii')).toBe('PNG');
  });
});
