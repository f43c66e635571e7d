import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, problemTitle, problemType } from './problem-details';

const RETRY_AFTER_SECONDS = 1;

/**
 * The first hook of every request. Once shutdown starts it admits nothing
 * more: a new request is answered at once 503 SHUTTING_DOWN (problem
 * details, `Retry-After`, `Connection: close` so the client's next attempt
 * opens a connection, to another instance behind a balancer), while the
 * requests already admitted run to the end; `drained()` says when they have.
 * The health routes stay open (readiness answers 503 with its report).
 */
export class ShutdownGate {
  private closing = false;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  install(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (request, reply, done) => {
      if (this.closing && !request.url.startsWith('/api/health')) return refuse(request, reply);
      this.inFlight += 1;
      // 'close' fires once the response is sent or the client went away.
      reply.raw.once('close', () => this.release());
      done();
    });
  }

  /** Stops admitting requests. */
  close(): void {
    this.closing = true;
    if (this.inFlight === 0) this.wake();
  }

  get isClosed(): boolean {
    return this.closing;
  }

  /** Requests admitted and not yet answered. */
  get pending(): number {
    return this.inFlight;
  }

  /** Resolves once closed and every admitted request has been answered. */
  drained(): Promise<void> {
    if (this.closing && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    this.inFlight -= 1;
    if (this.closing && this.inFlight === 0) this.wake();
  }

  private wake(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

function refuse(request: FastifyRequest, reply: FastifyReply): void {
  const problem: ProblemDetails = {
    type: problemType('SHUTTING_DOWN'),
    title: problemTitle('SHUTTING_DOWN'),
    status: 503,
    detail: 'This instance is shutting down; retry shortly',
    code: 'SHUTTING_DOWN',
    instance: request.url.split('?')[0] ?? request.url,
    requestId: request.id,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  };
  const headers: Record<string, string> = { 'x-request-id': request.id, 'retry-after': String(RETRY_AFTER_SECONDS) };
  // HTTP/2 has no Connection header (a GOAWAY closes the session).
  if (request.raw.httpVersionMajor < 2) headers['connection'] = 'close';
  void reply.status(503).headers(headers).type(PROBLEM_CONTENT_TYPE).send(problem);
}
