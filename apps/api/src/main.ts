import 'reflect-metadata';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  AppConfig,
  ConfigError,
  EmbeddedDatabase,
  createLogger,
  loadConfig,
  resolveLogFormat,
  safeError,
  startEmbeddedPostgres,
} from '@lib/platform';
import { Logger } from 'pino';
import { createApp } from './bootstrap/create-app';
import { shutDownGracefully } from './bootstrap/graceful-shutdown';
import { ShutdownGate } from './http/shutdown-gate';

/**
 * Boot order: config -> database (embedded when DATABASE_URL is unset) ->
 * app (migrations run) -> listen. Shutdown runs it backwards, within
 * SHUTDOWN_TIMEOUT_MS (see graceful-shutdown.ts): refuse new requests, stop
 * the bots and jobs, drain the requests, close the sockets and the pool, stop
 * the embedded server, exit 0.
 */
/** SIGHUP too: a closed terminal stops the API (and so the embedded server, which the hangup does not reach). */
const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const logger = createLogger(config.log.level, { format: resolveLogFormat(config.log.format, config.nodeEnv, process.stdout.isTTY === true) });
  const gate = new ShutdownGate();
  let database: EmbeddedDatabase | undefined;
  let app: NestFastifyApplication | undefined;
  // A signal before the app can shut down gracefully ends the boot: exiting runs the embedded server's
  // exit hook, which stops it (it is in its own process group: nothing else would).
  const abortBoot = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'signal during boot: exiting');
    process.exit(1);
  };
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, abortBoot);
  try {
    let databaseUrl = config.database.url;
    if (!databaseUrl) {
      logger.info({ dataDir: config.dataDir }, 'no DATABASE_URL: starting embedded PostgreSQL');
      database = await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.database.embeddedPort,
        log: (message) => logger.debug({ context: 'EmbeddedPostgres' }, message),
      });
      databaseUrl = database.url;
      logger.info({ port: database.port, pid: database.pid }, 'embedded PostgreSQL ready');
    }
    app = await createApp({ config, databaseUrl, logger, gate });
    for (const signal of SHUTDOWN_SIGNALS) process.removeListener(signal, abortBoot);
    installShutdown(app, gate, database, config, logger);
    await app.listen({ port: config.http.port, host: config.http.host });
    logger.info({ url: await app.getUrl(), docs: '/docs' }, 'exchange API listening');
  } catch (error) {
    logger.fatal({ error: error instanceof Error ? safeError(error) : String(error) }, 'boot failed');
    await app?.close().catch(() => undefined);
    await database?.stop().catch(() => undefined);
    process.exit(1);
  }
}

function readConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

function installShutdown(app: NestFastifyApplication, gate: ShutdownGate, database: EmbeddedDatabase | undefined, config: AppConfig, logger: Logger): void {
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ inFlight: gate.pending }, 'shutdown timed out; exiting');
      process.exit(1);
    }, config.http.shutdownTimeoutMs).unref();
    try {
      await shutDownGracefully({ app, gate, database, logger });
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (error) {
      logger.error({ error: error instanceof Error ? safeError(error) : String(error) }, 'error during shutdown');
      process.exit(1);
    }
  };
  // `on`, not `once`: a second Ctrl-C must not kill the process half-way (the timer bounds the shutdown).
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, (received) => void shutdown(received));
}

void main();
