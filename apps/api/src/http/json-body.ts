import { createHash } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Deepest nesting of objects and arrays a JSON body may have. The deepest
 * document the API takes is 3 levels (`settings.notifications.email`); past
 * a few thousand levels class-transformer recurses out of stack (measured:
 * 3,000 levels overflow it), which was a 500. 32 leaves room for any
 * legitimate client and costs nothing to check.
 */
export const JSON_MAX_DEPTH = 32;

/** A JSON body nested deeper than JSON_MAX_DEPTH: refused before it is parsed. */
export class JsonTooDeepError extends Error {
  readonly code = 'JSON_TOO_DEEP';
  readonly statusCode = 400;

  constructor(readonly maxDepth: number) {
    super(`The JSON body is nested deeper than ${maxDepth} levels`);
  }
}

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether the nesting of a JSON text goes past `max`, in one pass over its
 * bytes (brackets inside strings do not count). Multi-byte UTF-8 never
 * contains ASCII bytes, so the bytes can be scanned as they are. Malformed
 * JSON is left to the parser.
 */
export function jsonDepthExceeds(body: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}

/**
 * Replaces Nest's JSON body parser by one that refuses a body nested deeper
 * than JSON_MAX_DEPTH (400 JSON_TOO_DEEP) before parsing it, then parses with
 * Fastify's own parser (secure-json-parse: `__proto__` and `constructor`
 * keys are refused).
 */
export function useJsonBodyParser(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit }, (request, body, done) => {
    if (jsonDepthExceeds(body, JSON_MAX_DEPTH)) {
      done(new JsonTooDeepError(JSON_MAX_DEPTH), undefined);
      return;
    }
    // A signed request (docs/api-keys.md) is verified over the raw bytes: their hash is kept for the guard.
    if (request.headers['x-api-key'] !== undefined) (request as unknown as { apiBodySha256?: string }).apiBodySha256 = createHash('sha256').update(body).digest('hex');
    // Fastify's parser is typed for the default server; this app is that server.
    parse(request as Parameters<typeof parse>[0], body.toString('utf8'), done);
  });
}
