import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** An encrypted secret: AES-256-GCM ciphertext, its 12-byte nonce and 16-byte tag. */
export interface SealedSecret {
  readonly ciphertext: Buffer;
  readonly nonce: Buffer;
  readonly tag: Buffer;
}

/**
 * AES-256-GCM with the configured key; `aad` (the key id) binds a sealed
 * secret to its row, so a ciphertext copied to another key does not open.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
  }

  seal(secret: Buffer, aad: string): SealedSecret {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(secret), cipher.final()]);
    return { ciphertext, nonce, tag: cipher.getAuthTag() };
  }

  /** The secret; throws when the ciphertext, the tag, the aad or the key does not match. */
  open(sealed: SealedSecret, aad: string): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.nonce);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  }
}
