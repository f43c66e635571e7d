import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { FastifyInstance } from 'fastify';
import { Logger } from 'pino';
import { CLS_ID, ClsService } from 'nestjs-cls';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Echo a caller's X-Request-Id when it is sane; otherwise mint one. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Opens the async context of each request (request id for logs, room for the
 * ambient transaction), returns the id on every response and logs one line
 * per request.
 */
export function installRequestContext(fastify: FastifyInstance, cls: ClsService, logger: Logger): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    cls.run(() => {
      cls.set(CLS_ID, request.id);
      done();
    });
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    // Still inside the request's context: the logger adds the request id.
    logger.info(
      { method: request.method, url: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request completed',
    );
    done();
  });
}
