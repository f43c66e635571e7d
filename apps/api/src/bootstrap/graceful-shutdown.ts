import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EmbeddedDatabase, HealthService } from '@lib/platform';
import { Logger } from 'pino';
import { ShutdownGate } from '../http/shutdown-gate';

export interface ShutdownParts {
  readonly app: NestFastifyApplication;
  readonly gate: ShutdownGate;
  readonly database: EmbeddedDatabase | undefined;
  readonly logger: Logger;
}

/**
 * The shutdown, in the order that loses nothing and answers no 500:
 * 1. readiness turns 503 and the gate admits no new request (503
 *    SHUTTING_DOWN, Connection: close, Retry-After);
 * 2. Nest's close: the bots, the feed, the jobs and the relay stop
 *    (beforeApplicationShutdown: each waits for its running step, whose
 *    orders go through the order batches to their COMMIT), while the requests
 *    already admitted finish (their batches commit: a COMMIT is never cut);
 *    then the sockets close (HTTP once drained, Socket.IO), then the pool;
 * 3. the embedded PostgreSQL stops (its own process group: a terminal's
 *    Ctrl-C never reached it).
 * The caller bounds it all with SHUTDOWN_TIMEOUT_MS.
 */
export async function shutDownGracefully({ app, gate, database, logger }: ShutdownParts): Promise<void> {
  const started = Date.now();
  const since = (): number => Date.now() - started;
  app.get(HealthService).markShuttingDown();
  gate.close();
  logger.info({ inFlight: gate.pending }, 'shutting down: refusing new requests, draining the admitted ones');
  const drained = gate.drained().then(() => logger.info({ ms: since() }, 'in-flight requests drained'));
  await app.close();
  await drained;
  logger.info({ ms: since() }, 'jobs stopped, sockets and pool closed');
  if (database) {
    await database.stop();
    logger.info({ ms: since() }, 'embedded PostgreSQL stopped');
  }
}
