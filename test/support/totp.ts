import { createHmac } from 'node:crypto';

/**
 * An authenticator app, written from RFC 6238 / RFC 4226 and the Key Uri
 * Format (not the server's code): base32 secret, HMAC-SHA1 over the 30-second
 * step, dynamic truncation to 6 digits.
 */
export function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((b) => parseInt(b, 2)));
}

export function totpAt(secretBase32: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secretBase32)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  return ((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, '0');
}

export const currentStep = (): number => Math.floor(Date.now() / 30_000);

/**
 * Hands out codes of strictly increasing steps, as a person typing the code
 * shown now would, without waiting where the server's one step of drift
 * allows: the previous step, this one, the next; beyond that it waits for the
 * next 30-second boundary.
 */
export class Authenticator {
  private lastStep = -Infinity;

  constructor(readonly secret: string) {}

  async nextCode(): Promise<string> {
    for (;;) {
      // Not in the last second of a step: the code must still be in the drift when the server checks it.
      if (Date.now() % 30_000 > 29_000) await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 50));
      const now = currentStep();
      const step = Math.max(this.lastStep + 1, now - 1);
      if (step <= now + 1) {
        this.lastStep = step;
        return totpAt(this.secret, step);
      }
      await new Promise((resolve) => setTimeout(resolve, (now + 1) * 30_000 - Date.now() + 50));
    }
  }

  /** The last code handed out again (a replay). */
  lastCode(): string {
    return totpAt(this.secret, this.lastStep);
  }
}
