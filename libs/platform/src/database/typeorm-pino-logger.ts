import { Logger as PinoLogger } from 'pino';
import { Logger as TypeOrmLogger } from 'typeorm';

/**
 * TypeORM's logs through pino. Query parameters are never logged: they hold
 * password hashes, tokens and personal data. A failing query is logged at
 * debug level only: expected failures (a unique violation that becomes
 * EMAIL_TAKEN) are not errors, and unexpected ones are logged as 500s by the
 * HTTP layer.
 */
export class TypeOrmPinoLogger implements TypeOrmLogger {
  private readonly pino: PinoLogger;

  constructor(
    logger: PinoLogger,
    private readonly logQueries: boolean,
  ) {
    this.pino = logger.child({ context: 'TypeORM' });
  }

  logQuery(query: string): void {
    if (this.logQueries) this.pino.debug({ query }, 'query');
  }

  logQueryError(error: string | Error, query: string): void {
    this.pino.debug({ query, error: typeof error === 'string' ? error : error.message }, 'query failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.pino.warn({ query, ms: time }, 'slow query');
  }

  logSchemaBuild(message: string): void {
    this.pino.debug(message);
  }

  logMigration(message: string): void {
    this.pino.info(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    this.pino[level === 'warn' ? 'warn' : 'debug']({ detail: message }, 'typeorm');
  }
}
