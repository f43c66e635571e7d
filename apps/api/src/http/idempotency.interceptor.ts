import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Principal } from '@lib/auth';
import { IdempotencyStore, StoredResponse, isValidIdempotencyKey, requestHash } from '@lib/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, lastValueFrom, of } from 'rxjs';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';
export const IDEMPOTENT_OPTIONS = 'http:idempotent';

export interface IdempotentOptions {
  /** Refuse a request without an Idempotency-Key (400 IDEMPOTENCY_KEY_REQUIRED). Default: optional. */
  readonly required?: boolean;
}

export type IdempotencyKeyErrorCode = 'INVALID_IDEMPOTENCY_KEY' | 'IDEMPOTENCY_KEY_REQUIRED' | 'IDEMPOTENCY_KEY_REUSED';

/** A problem with the Idempotency-Key of a request; problem-details.mapper.ts gives it its status. */
export class IdempotencyKeyError extends Error {
  constructor(
    readonly code: IdempotencyKeyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IdempotencyKeyError';
  }
}

/**
 * Applied by @Idempotent(). With an Idempotency-Key header, the route runs at
 * most once per user and key: IdempotencyStore explains how (one transaction
 * around the whole request, the key claimed by its first statement). A repeat
 * of the same request gets the first response again, byte for byte, with
 * `Idempotent-Replayed: true`; the same key on a different request (method,
 * path or body) is 422 IDEMPOTENCY_KEY_REUSED. Errors are not stored: a
 * request that failed executes again when retried with its key.
 *
 * The body is sent as the very string that is stored, so the first response
 * and its replays are the same bytes: routes using this return JSON (a DTO,
 * an object or nothing), and must make every query through TransactionHost
 * (the ambient transaction), which the CommandBus handlers of the libs do.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: Principal }>();
    const reply = http.getResponse<FastifyReply>();
    const options = this.reflector.get<IdempotentOptions | undefined>(IDEMPOTENT_OPTIONS, context.getHandler()) ?? {};

    const key = idempotencyKeyOf(request, options.required ?? false);
    if (key === undefined) return next.handle();
    const scope = request.user?.userId;
    // A programming error, not the client's: keys are per user.
    if (!scope) throw new Error('@Idempotent() needs an authenticated route (request.user)');

    const statusCode =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method === 'POST' ? 201 : 200);
    const path = request.url.split('?')[0] ?? request.url;
    const outcome = await this.store.run({ scope, key, requestHash: requestHash(request.method, path, request.body) }, async () => {
      // next.handle() is called here, inside the transaction's async context, so the handler runs in it.
      const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
      return { statusCode, body: result === undefined ? null : JSON.stringify(result) };
    });

    switch (outcome.kind) {
      case 'key-reused':
        throw keyReused();
      case 'replayed':
        return of(sendReplay(reply, outcome.response));
      case 'executed':
        return of(send(reply, outcome.response));
    }
  }
}

export function keyReused(): IdempotencyKeyError {
  return new IdempotencyKeyError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request; use a new key for a new request');
}

/** The request's Idempotency-Key: undefined when absent (and not required); a malformed one is a 400. */
export function idempotencyKeyOf(request: FastifyRequest, required: boolean): string | undefined {
  const value = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (value === undefined) {
    if (required) throw new IdempotencyKeyError('IDEMPOTENCY_KEY_REQUIRED', 'This request needs an Idempotency-Key header');
    return undefined;
  }
  if (typeof value !== 'string' || !isValidIdempotencyKey(value)) {
    throw new IdempotencyKeyError('INVALID_IDEMPOTENCY_KEY', 'The Idempotency-Key header must be 1 to 255 characters of A-Z a-z 0-9 _ . : -');
  }
  return value;
}

/**
 * The body leaves as the stored string itself (Fastify sends a string with a
 * JSON content type as it is), not as an object Fastify would serialise again.
 * The status is the route's, which Nest sets when it sends the reply.
 */
function send(reply: FastifyReply, response: StoredResponse): string | undefined {
  void reply.code(response.statusCode);
  if (response.body === null) return undefined;
  void reply.type('application/json; charset=utf-8');
  return response.body;
}

/** A stored response sent again, marked as a replay. */
export function sendReplay(reply: FastifyReply, response: StoredResponse): string | undefined {
  void reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
  return send(reply, response);
}
