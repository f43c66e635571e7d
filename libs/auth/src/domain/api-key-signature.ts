import { createHash, createHmac, createPublicKey, timingSafeEqual, verify as verifySignature, type KeyObject } from 'node:crypto';

/** How a key signs: a shared HMAC-SHA256 secret, or an Ed25519 key pair whose public half the server keeps. */
export type ApiKeyScheme = 'HMAC' | 'ED25519';

/** A request's receive window when it names none, and the longest it may name (ms). */
export const DEFAULT_RECV_WINDOW_MS = 5_000;
export const MAX_RECV_WINDOW_MS = 60_000;

/** The signed headers of a request, as received (strings, unchecked). */
export interface SignedRequestHeaders {
  readonly keyId: string;
  readonly timestamp: string;
  readonly recvWindow: string | undefined;
  readonly signature: string;
}

/** What the signature covers (docs/api-keys.md): the raw request, never a parsed form. */
export interface SignedRequest {
  readonly method: string;
  /** The path as sent, from its leading "/", without the query. */
  readonly path: string;
  /** The raw query string as sent, without "?" ("" when none). */
  readonly query: string;
  /** Lowercase hex SHA-256 of the raw body ("" hashed when there is none). */
  readonly bodySha256: string;
}

export type SignatureRefusal = 'API_KEY_HEADERS' | 'TIMESTAMP_OUTSIDE_WINDOW' | 'SIGNATURE_INVALID';

/** The timestamp and window of a request, checked against `now`; the refusal when they do not hold. */
export function checkWindow(timestamp: string, recvWindow: string | undefined, now: number): { ok: true; timestamp: number; recvWindow: number } | { ok: false; code: SignatureRefusal } {
  if (!/^\d{13}$/.test(timestamp)) return { ok: false, code: 'API_KEY_HEADERS' };
  if (recvWindow !== undefined && !/^[1-9]\d{0,4}$/.test(recvWindow)) return { ok: false, code: 'API_KEY_HEADERS' };
  const window = recvWindow === undefined ? DEFAULT_RECV_WINDOW_MS : Number(recvWindow);
  if (window > MAX_RECV_WINDOW_MS) return { ok: false, code: 'API_KEY_HEADERS' };
  const at = Number(timestamp);
  // A request from the future is as stale as one from the past: the window is symmetric.
  if (Math.abs(now - at) > window) return { ok: false, code: 'TIMESTAMP_OUTSIDE_WINDOW' };
  return { ok: true, timestamp: at, recvWindow: window };
}

/** The bytes a client signs: timestamp, window, method, path, query and the body's hash, one per line. */
export function signaturePayload(request: SignedRequest, timestamp: number, recvWindow: number): Buffer {
  return Buffer.from(`${timestamp}\n${recvWindow}\n${request.method.toUpperCase()}\n${request.path}\n${request.query}\n${request.bodySha256}`, 'utf8');
}

export const sha256Hex = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/** HMAC-SHA256 in lowercase hex, compared in constant time. */
export function verifyHmac(secret: Buffer, payload: Buffer, signature: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(signature)) return false;
  const expected = createHmac('sha256', secret).update(payload).digest();
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

const ED25519_SIGNATURE = /^[A-Za-z0-9_-]{86}$/;

/** An Ed25519 signature in base64url (64 bytes) by the registered public key. */
export function verifyEd25519(publicKey: KeyObject, payload: Buffer, signature: string): boolean {
  if (!ED25519_SIGNATURE.test(signature)) return false;
  try {
    return verifySignature(null, payload, publicKey, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/**
 * verifyEd25519 on the libuv thread pool: the verification (~0.1 ms of CPU
 * here, most of a signed request's own cost) does not hold the event loop and
 * the requests queued behind it. Same answers.
 */
export function verifyEd25519Async(publicKey: KeyObject, payload: Buffer, signature: string): Promise<boolean> {
  if (!ED25519_SIGNATURE.test(signature)) return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      verifySignature(null, payload, publicKey, Buffer.from(signature, 'base64url'), (error, ok) => resolve(error === null && ok));
    } catch {
      resolve(false);
    }
  });
}

/**
 * A client's Ed25519 public key: raw 32 bytes in base64url, or an SPKI PEM.
 * Null when it is neither (or another key type).
 */
export function parseEd25519PublicKey(input: string): KeyObject | null {
  try {
    const text = input.trim();
    const key = text.startsWith('-----BEGIN')
      ? createPublicKey(text)
      : /^[A-Za-z0-9_-]{43}$/.test(text)
        ? createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: text }, format: 'jwk' })
        : null;
    return key && key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

/** The public key as stored and listed: raw 32 bytes, base64url. */
export function ed25519Raw(key: KeyObject): string {
  return (key.export({ format: 'jwk' }) as { x: string }).x;
}
