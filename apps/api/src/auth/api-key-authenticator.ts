import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiKeyPermission,
  AuthError,
  AuthErrorCode,
  AuthenticateApiKeyQuery,
  Principal,
  Role,
  SignatureReplays,
  checkWindow,
  permits,
  sha256Hex,
  signaturePayload,
  verifyEd25519Async,
  verifyHmac,
} from '@lib/auth';
import { RedisConnection } from '@lib/platform';
import { KEY_PERMISSION, NO_API_KEY } from './auth.decorators';

/** A request as the authenticator reads it (Fastify's). */
export interface SignedHttpRequest {
  readonly method: string;
  readonly url: string;
  readonly ip: string;
  readonly headers: Record<string, string | string[] | undefined>;
  /** Set by the JSON body parser for a request with X-API-Key: the raw body's SHA-256. */
  apiBodySha256?: string;
  user?: Principal & { apiKeyId?: string };
}

const EMPTY_BODY_SHA256 = sha256Hex('');
const header = (request: SignedHttpRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};
const refuse = (code: AuthErrorCode, message: string): AuthError => new AuthError(code, message);

/**
 * A signed request (docs/api-keys.md), checked in order: the headers, the
 * route takes keys, the key and its owner, the window, the signature over the
 * raw request, the replay memory, the IP allowlist, the permission. The
 * principal is the key's owner: every route answers as for their token.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly replays = new SignatureReplays();

  constructor(
    private readonly reflector: Reflector,
    private readonly queries: QueryBus,
    private readonly redis: RedisConnection,
  ) {}

  async authenticate(context: ExecutionContext, request: SignedHttpRequest): Promise<void> {
    const keyId = header(request, 'x-api-key');
    const timestamp = header(request, 'x-api-timestamp');
    const signature = header(request, 'x-api-signature');
    if (!keyId || !timestamp || !signature) throw refuse(AuthErrorCode.API_KEY_HEADERS, 'A signed request carries X-API-Key, X-API-Timestamp and X-API-Signature (X-API-Recv-Window optional)');
    if (header(request, 'authorization')) throw refuse(AuthErrorCode.API_KEY_HEADERS, 'Send an API key or a bearer token, not both');
    const required = this.requiredPermission(context, request.method);
    if (required === null) throw refuse(AuthErrorCode.API_KEY_PERMISSION, 'This route does not take API keys: use a bearer token');
    const window = checkWindow(timestamp, header(request, 'x-api-recv-window'), Date.now());
    if (!window.ok) {
      throw window.code === 'TIMESTAMP_OUTSIDE_WINDOW'
        ? refuse(AuthErrorCode.TIMESTAMP_OUTSIDE_WINDOW, 'X-API-Timestamp is outside the receive window of the server\'s clock')
        : refuse(AuthErrorCode.API_KEY_HEADERS, 'X-API-Timestamp is milliseconds since the epoch (13 digits); X-API-Recv-Window 1..60000');
    }
    const key = await this.queries.execute(new AuthenticateApiKeyQuery(keyId));
    const queryAt = request.url.indexOf('?');
    const payload = signaturePayload(
      { method: request.method, path: queryAt < 0 ? request.url : request.url.slice(0, queryAt), query: queryAt < 0 ? '' : request.url.slice(queryAt + 1), bodySha256: request.apiBodySha256 ?? EMPTY_BODY_SHA256 },
      window.timestamp,
      window.recvWindow,
    );
    // HMAC (a few microseconds) on the spot; Ed25519 (~0.1 ms) on the thread pool, off the event loop.
    const valid = key.scheme === 'HMAC' ? key.hmacSecret !== null && verifyHmac(key.hmacSecret, payload, signature) : key.publicKey !== null && (await verifyEd25519Async(key.publicKey, payload, signature));
    if (!valid) throw refuse(AuthErrorCode.SIGNATURE_INVALID, 'The signature does not match the request (see docs/api-keys.md for the signed payload)');
    if (!(await this.firstUse(`${keyId}:${signature}`, window.timestamp + window.recvWindow))) {
      throw refuse(AuthErrorCode.SIGNATURE_REPLAYED, 'This signature was used already: sign each request anew');
    }
    if (!key.allowsIp(request.ip)) throw refuse(AuthErrorCode.IP_NOT_ALLOWED, `The key does not allow requests from ${request.ip}`);
    if (!permits(key, required)) throw refuse(AuthErrorCode.API_KEY_PERMISSION, `This route needs an API key with ${required}`);
    request.user = { userId: key.userId, sessionId: `apikey:${key.keyId}`, email: key.email, role: key.role as Role, apiKeyId: key.keyId };
  }

  /** null: the route takes no key. */
  private requiredPermission(context: ExecutionContext, method: string): ApiKeyPermission | null {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(NO_API_KEY, targets)) return null;
    const own = this.reflector.get<ApiKeyPermission | undefined>(KEY_PERMISSION, context.getHandler());
    if (own) return own;
    if (method === 'GET' || method === 'HEAD') return ApiKeyPermission.READ;
    return this.reflector.get<ApiKeyPermission | undefined>(KEY_PERMISSION, context.getClass()) ?? null;
  }

  /** Remembers the signature until its window ends; false when it was seen. Shared by every instance with Redis. */
  private async firstUse(id: string, until: number): Promise<boolean> {
    const ttl = Math.max(1, until - Date.now());
    const client = this.redis.client;
    if (client) return (await client.set(this.redis.key('apikey-sig', id), '1', 'PX', ttl, 'NX')) === 'OK';
    return this.replays.remember(id, until, Date.now());
  }
}
