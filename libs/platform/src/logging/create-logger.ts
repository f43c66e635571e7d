import { ClsServiceManager } from 'nestjs-cls';
import pino, { Logger } from 'pino';
import { LogLevel } from '../config/app-config';

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

/**
 * Structured JSON logs. Inside a request every line carries its request id
 * (from the CLS context), so a client's X-Request-Id finds all its lines.
 */
export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: 'exchange-api' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const cls = ClsServiceManager.getClsService();
      const requestId = cls.isActive() ? cls.getId() : undefined;
      return requestId ? { requestId } : {};
    },
  });
}
