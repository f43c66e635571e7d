import { KeyObject, createHash, createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { HttpClient, RequestSpec } from '../lib/http-load';
import { BenchUser } from './orders-flow';
import { inPool } from './orders-http';

/**
 * A bot's signing client for the orders-signed scenario, written from the README ("API keys and
 * signed requests (bots)") and docs/api-keys.md, not from the server's code:
 *
 *   payload = timestamp \n recvWindow \n METHOD \n path \n rawQuery \n hex(sha256(rawBody))
 *
 * HMAC-SHA256 keyed with the secret's UTF-8 bytes, lowercase hex; or an Ed25519 signature in
 * base64url, by the private half of the public key registered as raw 32 bytes (base64url).
 */

export type BenchScheme = 'HMAC' | 'ED25519';

export interface Signer {
  readonly keyId: string;
  sign(payload: string): string;
}

export function hmacSigner(keyId: string, secret: string): Signer {
  const key = Buffer.from(secret, 'utf8');
  return { keyId, sign: (payload) => createHmac('sha256', key).update(payload).digest('hex') };
}

export function ed25519Signer(keyId: string, privateKey: KeyObject): Signer {
  return { keyId, sign: (payload) => sign(null, Buffer.from(payload, 'utf8'), privateKey).toString('base64url') };
}

/** The request with a bearer token replaced by the four signed headers (`at`: ms since the epoch). */
export function signed(spec: RequestSpec, signer: Signer, at: number, recvWindow: number): RequestSpec {
  const queryAt = spec.path.indexOf('?');
  const path = queryAt < 0 ? spec.path : spec.path.slice(0, queryAt);
  const query = queryAt < 0 ? '' : spec.path.slice(queryAt + 1);
  const bodyHash = createHash('sha256')
    .update(spec.body ?? '')
    .digest('hex');
  const payload = `${at}\n${recvWindow}\n${spec.method}\n${path}\n${query}\n${bodyHash}`;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(spec.headers)) if (name !== 'authorization') headers[name] = value;
  headers['x-api-key'] = signer.keyId;
  headers['x-api-timestamp'] = String(at);
  headers['x-api-recv-window'] = String(recvWindow);
  headers['x-api-signature'] = signer.sign(payload);
  return { ...spec, headers };
}

/** One TRADE key of `scheme` per user (created with the user's token), as signers by the user's token. */
export async function createKeys(client: HttpClient, users: readonly BenchUser[], scheme: BenchScheme): Promise<Map<string, Signer>> {
  const signers = new Map<string, Signer>();
  await inPool(users.length, 8, async (i) => {
    const user = users[i]!;
    const pair = scheme === 'ED25519' ? generateKeyPairSync('ed25519') : null;
    const publicKey = pair ? (pair.publicKey.export({ format: 'jwk' }) as { x: string }).x : undefined;
    const r = await client.send(
      {
        method: 'POST',
        path: '/api/v1/api-keys',
        headers: { authorization: `Bearer ${user.token}` },
        body: JSON.stringify({ label: `bench ${scheme}`, scheme, permissions: ['TRADE'], ...(publicKey ? { publicKey } : {}) }),
      },
      true,
    );
    if (r.status !== 201) throw new Error(`creating an ${scheme} key failed: ${r.status} ${r.body}`);
    const key = JSON.parse(r.body!) as { id: string; secret?: string };
    signers.set(user.token, pair ? ed25519Signer(key.id, pair.privateKey) : hmacSigner(key.id, key.secret!));
  });
  return signers;
}

/**
 * Signs prepared requests with their user's key (the bearer token says whose), all now: each
 * user's n-th request n ms earlier, so that two equal orders of one user never carry the same
 * signature (a replay). The window must cover the time until the last is sent.
 */
export function signAll(specs: readonly RequestSpec[], signers: ReadonlyMap<string, Signer>, recvWindow: number): RequestSpec[] {
  const now = Date.now();
  const count = new Map<Signer, number>();
  return specs.map((spec) => {
    const token = spec.headers['authorization']?.slice('Bearer '.length);
    const signer = token === undefined ? undefined : signers.get(token);
    if (!signer) throw new Error('a prepared request of a user without a key');
    const n = count.get(signer) ?? 0;
    count.set(signer, n + 1);
    return signed(spec, signer, now - n, recvWindow);
  });
}
