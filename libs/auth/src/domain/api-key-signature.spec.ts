import { createHash, createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { checkWindow, ed25519Raw, parseEd25519PublicKey, sha256Hex, signaturePayload, verifyEd25519, verifyEd25519Async, verifyHmac } from './api-key-signature';

const NOW = 1_796_000_000_000;

/** A client written from docs/api-keys.md, not from the server's code. */
function clientPayload(method: string, path: string, query: string, body: string, timestamp: number, recvWindow: number): string {
  const bodyHash = createHash('sha256').update(body, 'utf8').digest('hex');
  return [String(timestamp), String(recvWindow), method, path, query, bodyHash].join('\n');
}

const REQUEST = { method: 'POST', path: '/api/v1/orders', query: '', bodySha256: sha256Hex('{"symbol":"BTC-USDT","side":"BUY","type":"MARKET","quantity":"0.01"}') };
const BODY = '{"symbol":"BTC-USDT","side":"BUY","type":"MARKET","quantity":"0.01"}';

describe('signed requests', () => {
  describe('the window', () => {
    it.each([
      ['now', String(NOW), undefined, true],
      ['5 s old, the default window', String(NOW - 5000), undefined, true],
      ['5.001 s old', String(NOW - 5001), undefined, false],
      ['5.001 s ahead', String(NOW + 5001), undefined, false],
      ['59 s old with a 60 s window', String(NOW - 59_000), '60000', true],
    ])('%s', (_name, timestamp, window, ok) => {
      expect(checkWindow(timestamp, window, NOW)).toMatchObject(ok ? { ok: true } : { ok: false, code: 'TIMESTAMP_OUTSIDE_WINDOW' });
    });

    it.each([['seconds, not ms', String(NOW / 1000), undefined], ['a window over 60 s', String(NOW), '60001'], ['window 0', String(NOW), '0'], ['junk', 'x', undefined], ['a fraction', String(NOW), '1.5']])('refuses %s as malformed', (_n, timestamp, window) => {
      expect(checkWindow(timestamp, window, NOW)).toEqual({ ok: false, code: 'API_KEY_HEADERS' });
    });
  });

  describe('HMAC-SHA256', () => {
    const secret = Buffer.from('a shared secret of thirty-two by', 'utf8');
    const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('hex');

    it('verifies what a client computed from the documented rules', () => {
      const signature = sign(clientPayload('POST', '/api/v1/orders', '', BODY, NOW, 5000));
      expect(verifyHmac(secret, signaturePayload(REQUEST, NOW, 5000), signature)).toBe(true);
    });

    it('refuses a tampered body, method, path, query, timestamp or window, another secret, and junk', () => {
      const signature = sign(clientPayload('POST', '/api/v1/orders', '', BODY, NOW, 5000));
      const payload = (over: Partial<typeof REQUEST>, ts = NOW, w = 5000) => signaturePayload({ ...REQUEST, ...over }, ts, w);
      expect(verifyHmac(secret, payload({ bodySha256: sha256Hex(BODY.replace('0.01', '0.02')) }), signature)).toBe(false);
      expect(verifyHmac(secret, payload({ method: 'DELETE' }), signature)).toBe(false);
      expect(verifyHmac(secret, payload({ path: '/api/v1/orders/batch' }), signature)).toBe(false);
      expect(verifyHmac(secret, payload({ query: 'x=1' }), signature)).toBe(false);
      expect(verifyHmac(secret, payload({}, NOW + 1), signature)).toBe(false);
      expect(verifyHmac(secret, payload({}, NOW, 6000), signature)).toBe(false);
      expect(verifyHmac(Buffer.from('another secret'), payload({}), signature)).toBe(false);
      expect(verifyHmac(secret, payload({}), signature.toUpperCase())).toBe(false);
      expect(verifyHmac(secret, payload({}), 'zz')).toBe(false);
    });
  });

  describe('Ed25519', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = publicKey.export({ format: 'jwk' }).x!;
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();

    it('takes the public key raw (base64url) or as SPKI PEM, and refuses other keys', () => {
      expect(ed25519Raw(parseEd25519PublicKey(raw)!)).toBe(raw);
      expect(ed25519Raw(parseEd25519PublicKey(pem)!)).toBe(raw);
      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
      expect(parseEd25519PublicKey(rsa)).toBeNull();
      expect(parseEd25519PublicKey('not a key')).toBeNull();
    });

    it('verifies a client signature over the documented payload, and refuses a tampered one', () => {
      const signature = sign(null, Buffer.from(clientPayload('POST', '/api/v1/orders', '', BODY, NOW, 5000)), privateKey).toString('base64url');
      const key = parseEd25519PublicKey(raw)!;
      expect(verifyEd25519(key, signaturePayload(REQUEST, NOW, 5000), signature)).toBe(true);
      expect(verifyEd25519(key, signaturePayload({ ...REQUEST, query: 'a=1' }, NOW, 5000), signature)).toBe(false);
      const other = generateKeyPairSync('ed25519').publicKey;
      expect(verifyEd25519(other, signaturePayload(REQUEST, NOW, 5000), signature)).toBe(false);
      expect(verifyEd25519(key, signaturePayload(REQUEST, NOW, 5000), 'short')).toBe(false);
    });

    it('answers the same on the thread pool (verifyEd25519Async)', async () => {
      const signature = sign(null, Buffer.from(clientPayload('POST', '/api/v1/orders', '', BODY, NOW, 5000)), privateKey).toString('base64url');
      const key = parseEd25519PublicKey(raw)!;
      const other = generateKeyPairSync('ed25519').publicKey;
      const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
      expect(
        await Promise.all([
          verifyEd25519Async(key, signaturePayload(REQUEST, NOW, 5000), signature),
          verifyEd25519Async(key, signaturePayload({ ...REQUEST, query: 'a=1' }, NOW, 5000), signature),
          verifyEd25519Async(other, signaturePayload(REQUEST, NOW, 5000), signature),
          verifyEd25519Async(key, signaturePayload(REQUEST, NOW, 5000), flipped),
          verifyEd25519Async(key, signaturePayload(REQUEST, NOW, 5000), 'short'),
          verifyEd25519Async(key, signaturePayload(REQUEST, NOW, 5000), '_'.repeat(86)),
        ]),
      ).toEqual([true, false, false, false, false, false]);
    });
  });
});
