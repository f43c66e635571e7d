import { NestFastifyApplication } from '@nestjs/platform-fastify';

/** @fastify/cors's options (the package is a dependency of @nestjs/platform-fastify, not ours). */
type FastifyCorsOptions = NonNullable<Parameters<NestFastifyApplication['enableCors']>[0]>;

/** Every method a route of the API answers: a browser app must be able to cancel, amend and edit. */
export const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Request headers a client sends beyond the CORS-safelisted ones. */
export const CORS_ALLOWED_HEADERS = ['authorization', 'content-type', 'idempotency-key', 'x-request-id'] as const;

/** Response headers a browser app needs to read: ids, back-off and rate-limit state, replays. */
export const CORS_EXPOSED_HEADERS = [
  'x-request-id',
  'retry-after',
  'idempotent-replayed',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'ratelimit-policy',
] as const;

/**
 * CORS from CORS_ORIGINS: `true` (any origin) or a list; an empty list turns
 * CORS off (undefined). No credentials: auth is by bearer token, never
 * cookies, so `*` is safe. Preflights are cached for 10 minutes.
 */
export function corsOptions(origins: true | readonly string[]): FastifyCorsOptions | undefined {
  if (origins !== true && origins.length === 0) return undefined;
  return {
    origin: origins === true ? true : [...origins],
    methods: [...CORS_METHODS],
    allowedHeaders: [...CORS_ALLOWED_HEADERS],
    exposedHeaders: [...CORS_EXPOSED_HEADERS],
    maxAge: 600,
  };
}
