import { LoggerService } from '@nestjs/common';
import { Logger } from 'pino';
import { ConnectionLossLog, describeConnectionLoss, isConnectionLoss } from '../database/connection-loss';

/**
 * Only the name, message, stack and code of an error: some errors carry data as
 * properties (TypeORM's QueryFailedError has the query parameters, which may
 * be password hashes or tokens), and pino's serializer would copy them all.
 */
export function safeError(error: Error): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  return { type: error.name, message: error.message, stack: error.stack, ...(typeof code === 'string' ? { code } : {}) };
}

/** Nest's LoggerService on top of pino: Nest's own lines come out as JSON too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, rest: unknown[]): void {
    // Nest passes the context last, and for errors a stack before it.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const stack = level === 'error' && typeof rest[0] === 'string' ? (rest.shift() as string) : undefined;
    if (message instanceof Error && isConnectionLoss(message) && level !== 'debug' && level !== 'trace') {
      logConnectionLoss(this.pino, message, context);
    } else if (message instanceof Error) {
      this.pino[level]({ context, error: safeError(message) }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.pino[level]({ context, ...message });
    } else {
      this.pino[level]({ context, stack }, String(message));
    }
  }
}

/**
 * A lost database connection (a restart, a failover) is an outage to know
 * of, not a bug: one warning without a stack for the first report of a
 * window, the others at debug (see ConnectionLossLog), whoever reports it
 * (an HTTP request, a job, the pool).
 */
export function logConnectionLoss(pino: Logger, error: unknown, context?: string): void {
  const taken = ConnectionLossLog.shared.take();
  const line = { context, error: describeConnectionLoss(error) };
  if (taken) pino.warn({ ...line, suppressed: taken.suppressed }, 'database connection lost');
  else pino.debug(line, 'database connection lost (already reported)');
}
