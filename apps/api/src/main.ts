import 'reflect-metadata';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  AppConfig,
  ConfigError,
  EmbeddedDatabase,
  HealthService,
  createLogger,
  loadConfig,
  safeError,
  startEmbeddedPostgres,
} from '@lib/platform';
import { Logger } from 'pino';
import { createApp } from './bootstrap/create-app';

/**
 * Boot order: config -> database (embedded when DATABASE_URL is unset) ->
 * app (migrations run) -> listen. Shutdown runs it backwards, within
 * SHUTDOWN_TIMEOUT_MS: stop accepting and drain requests, close the pool,
 * stop the embedded server, exit 0.
 */
async function main(): Promise<void> {
  const config = readConfigOrExit();
  const logger = createLogger(config.log.level);
  let database: EmbeddedDatabase | undefined;
  let app: NestFastifyApplication | undefined;
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
      logger.info({ port: database.port }, 'embedded PostgreSQL ready');
    }
    app = await createApp({ config, databaseUrl, logger });
    installShutdown(app, database, config, logger);
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

function installShutdown(app: NestFastifyApplication, database: EmbeddedDatabase | undefined, config: AppConfig, logger: Logger): void {
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.http.shutdownTimeoutMs).unref();
    app.get(HealthService).markShuttingDown();
    try {
      await app.close();
      await database?.stop();
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (error) {
      logger.error({ error: error instanceof Error ? safeError(error) : String(error) }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.once('SIGTERM', (signal) => void shutdown(signal));
  process.once('SIGINT', (signal) => void shutdown(signal));
}

void main();
