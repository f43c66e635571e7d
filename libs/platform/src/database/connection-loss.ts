/**
 * PostgreSQL error codes of a connection that is gone or refused: class 08
 * (connection exception) and 57P01-57P03 (the server is shutting down,
 * crashed, or not accepting connections yet).
 */
const LOST_CODES = new Set(['08000', '08001', '08003', '08004', '08006', '08007', '57P01', '57P02', '57P03']);
/** Socket errors on the way to the server. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** node-postgres and pg-pool say it in words only. */
const LOST_MESSAGES = [
  /connection terminated/i,
  /connection ended unexpectedly/i,
  /client has encountered a connection error and is not queryable/i,
  /timeout exceeded when trying to connect/i,
  /terminating connection due to administrator command/i,
  /the database system is (shutting down|starting up|in recovery mode)/i,
  // TypeORM, on a transaction whose connection died under it (the runner was released with the socket).
  /query runner already released/i,
];

/**
 * Whether an error means the database connection was lost or could not be
 * made (a restart, a failover, a network cut), as opposed to a statement the
 * database refused. Looks through TypeORM's `driverError` and `cause`.
 */
export function isConnectionLoss(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (LOST_CODES.has(code) || SOCKET_CODES.has(code))) return true;
    if (typeof message === 'string' && LOST_MESSAGES.some((pattern) => pattern.test(message))) return true;
    const inner = current as { driverError?: unknown; cause?: unknown };
    current = inner.driverError ?? inner.cause;
  }
  return false;
}

/** A line's worth of the error: no stack (it only shows where the socket died), no query parameters. */
export function describeConnectionLoss(error: unknown): { type: string; message: string; code?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { type: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
}

/** One warning per outage: later losses within this window are only counted (a restart fails dozens of requests and every pooled connection at once). */
export const CONNECTION_LOSS_LOG_WINDOW_MS = 30_000;

/**
 * Process-wide: decides which reports of a lost connection become a warning.
 * The first one of a window does (with the count of those suppressed since
 * the last warning); the others go to debug.
 */
export class ConnectionLossLog {
  static readonly shared = new ConnectionLossLog();
  private lastWarnAt: number | undefined;
  private suppressed = 0;
  /** Every loss reported since the process started (the /admin namespace's database errors, the DATABASE_ERRORS alert). */
  reported = 0;

  /** The count of losses suppressed since the last warning when this one is to be a warning; undefined otherwise. */
  take(now: number = Date.now()): { suppressed: number } | undefined {
    this.reported += 1;
    if (this.lastWarnAt !== undefined && now - this.lastWarnAt < CONNECTION_LOSS_LOG_WINDOW_MS) {
      this.suppressed += 1;
      return undefined;
    }
    this.lastWarnAt = now;
    const suppressed = this.suppressed;
    this.suppressed = 0;
    return { suppressed };
  }
}
