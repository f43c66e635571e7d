import { hostname } from 'node:os';
import { ClsServiceManager } from 'nestjs-cls';
import pino, { DestinationStream, Logger } from 'pino';
import pretty from 'pino-pretty';
import { LogFormat, LogLevel, NodeEnv } from '../config/app-config';
import { INSTANCE_ID } from './instance-id';

/** Paths that must never reach a log line. */
const REDACTED = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.refreshToken',
  '*.accessToken',
  '*.secret',
];

export interface LoggerOptions {
  /** `json` (default): one JSON object a line. `pretty`: coloured text for a terminal. */
  readonly format?: 'json' | 'pretty';
  /** Where the lines go (stdout by default); tests capture them. */
  readonly destination?: DestinationStream;
}

/**
 * Structured logs. Every line carries the process's instance id, hostname and
 * pid (several instances write to one place); inside a request it also
 * carries the request id (from the CLS context), so a client's X-Request-Id
 * finds all its lines.
 */
export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const destination =
    options.destination ??
    // Synchronous, like the JSON default: lines written just before exit are not lost.
    (options.format === 'pretty'
      ? pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'service,hostname,context', messageFormat: '{if context}[{context}] {end}{msg}' })
      : undefined);
  return pino(
    {
      level,
      base: { service: 'exchange-api', instance: INSTANCE_ID, hostname: hostname(), pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const cls = ClsServiceManager.getClsService();
        const requestId = cls.isActive() ? cls.getId() : undefined;
        return requestId ? { requestId } : {};
      },
    },
    destination,
  );
}

/** LOG_FORMAT=auto: readable text in a development terminal, JSON everywhere else (files, pipes, collectors). */
export function resolveLogFormat(setting: LogFormat, nodeEnv: NodeEnv, stdoutIsTty: boolean): 'json' | 'pretty' {
  if (setting !== 'auto') return setting;
  return stdoutIsTty && nodeEnv === 'development' ? 'pretty' : 'json';
}
