import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(Buffer.alloc(32, 1));
  const secret = Buffer.from('an HMAC secret of the API key');

  it('opens what it sealed, with its aad; never stores the plain text', () => {
    const sealed = box.seal(secret, 'ak_one');
    expect(sealed.ciphertext.includes(secret)).toBe(false);
    expect(box.open(sealed, 'ak_one').equals(secret)).toBe(true);
  });

  it('refuses another aad (a ciphertext moved to another key), another key, and a changed byte', () => {
    const sealed = box.seal(secret, 'ak_one');
    expect(() => box.open(sealed, 'ak_two')).toThrow();
    expect(() => new SecretBox(Buffer.alloc(32, 2)).open(sealed, 'ak_one')).toThrow();
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open({ ...sealed, ciphertext: flipped }, 'ak_one')).toThrow();
  });
});
