import { Client, ClientConfig, QueryResultRow } from 'pg';
import { advisoryLockKey } from './advisory-lock-key';

const CLOSE_TIMEOUT_MS = 2000;

export interface LeaseLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface LeaseOptions {
  /** e.g. `market.feed` or `orders.engine:BTC-USDT`; hashed to the advisory-lock key. */
  readonly name: string;
  readonly connection: ClientConfig;
  /** How often a follower tries to take the lock, and how often the leader checks its connection. */
  readonly retryMs: number;
  readonly logger?: LeaseLogger;
  /**
   * The advisory-lock key, instead of the hash of `name`: for a lock older than
   * named leases (the outbox relay's), so that instances of the release before
   * and after the switch still exclude each other during a rolling deploy.
   */
  readonly key?: bigint;
  /** The session's `application_name` (pg_stat_activity), instead of `exchange-lease:<name>`. */
  readonly applicationName?: string;
}

export type LeadershipListener = (leader: boolean) => void;

/**
 * Leadership by a PostgreSQL session-level advisory lock, held on a dedicated
 * connection (outside the pool). One holder per (database, name) at a time.
 *
 * - A follower runs `pg_try_advisory_lock(key)` every `retryMs`.
 * - The leader pings its connection every `retryMs`; an error, a failed ping
 *   or a closed socket means leadership is lost at once (the server drops the
 *   lock with the session, so another instance can take it).
 * - `stop()` ends the session, releasing the lock for the next instance.
 *
 * Work that must not be done twice can be fenced with `query()`: it runs on
 * the very session that holds the lock, so it fails once the lock is gone.
 */
export class LeadershipLease {
  readonly key: bigint;
  private connection: Client | undefined;
  private leader = false;
  private stopping = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly listeners = new Set<LeadershipListener>();
  private lastError: string | undefined;
  private since: Date | undefined;

  constructor(private readonly options: LeaseOptions) {
    this.key = options.key ?? advisoryLockKey(options.name);
  }

  get name(): string {
    return this.options.name;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  /** When this instance became leader (undefined while following). */
  get leaderSince(): Date | undefined {
    return this.since;
  }

  /** Called with `true` on gaining and `false` on losing leadership. Returns the unsubscribe function. */
  onChange(listener: LeadershipListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts competing for the lease; the first attempt runs at once. */
  start(): void {
    if (this.timer || this.stopping) return;
    this.schedule(0);
  }

  /** Idempotent: stops competing and releases the lock (by ending the session). */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.running;
    await this.close();
  }

  /** A statement on the lock's own session: it fails when leadership is lost. Only for the leader. */
  async query<R extends QueryResultRow = QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    const connection = this.connection;
    if (!this.leader || !connection) throw new Error(`not the leader of ${this.options.name}`);
    try {
      return (await connection.query<R>(sql, params)).rows;
    } catch (error) {
      // A broken session has lost the lock; a statement error (e.g. a constraint) leaves the session usable.
      if (!isStatementError(error)) this.lose(connection, error);
      throw error;
    }
  }

  private schedule(ms: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.running = this.attempt().finally(() => {
        this.running = undefined;
        this.schedule(this.options.retryMs);
      });
    }, ms);
    this.timer.unref();
  }

  private async attempt(): Promise<void> {
    try {
      if (this.leader) {
        await this.connection!.query('SELECT 1');
        return;
      }
      const connection = await this.connect();
      const { rows } = await connection.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [this.key.toString()]);
      if (rows[0]?.locked !== true || this.stopping || this.connection !== connection) return;
      this.leader = true;
      this.since = new Date();
      this.lastError = undefined;
      this.options.logger?.log(`leading ${this.options.name}`);
      this.emit(true);
    } catch (error) {
      if (this.stopping) return;
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.lastError) this.options.logger?.warn(`lease ${this.options.name}: ${message}`);
      this.lastError = message;
      if (this.connection) this.lose(this.connection, error);
    }
  }

  private async connect(): Promise<Client> {
    if (this.connection) return this.connection;
    const connection = new Client({
      ...this.options.connection,
      application_name: (this.options.applicationName ?? `exchange-lease:${this.options.name}`).slice(0, 63),
      keepAlive: true,
      // A hung session (network partition) must not keep us believing we lead.
      query_timeout: Math.max(5000, this.options.retryMs * 3),
    });
    connection.on('error', (error: Error) => this.lose(connection, error));
    connection.on('end', () => this.lose(connection, new Error('connection closed')));
    try {
      await connection.connect();
    } catch (error) {
      await connection.end().catch(() => undefined);
      throw error;
    }
    if (this.stopping) {
      await connection.end().catch(() => undefined);
      throw new Error('stopping');
    }
    this.connection = connection;
    return connection;
  }

  /** The session is gone (or unusable): so is the lock. */
  private lose(connection: Client, error: unknown): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    void connection.end().catch(() => undefined);
    if (!this.leader) return;
    this.leader = false;
    this.since = undefined;
    if (!this.stopping) this.options.logger?.warn(`lost ${this.options.name}: ${error instanceof Error ? error.message : String(error)}`);
    this.emit(false);
  }

  private async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    const wasLeader = this.leader;
    this.leader = false;
    this.since = undefined;
    if (wasLeader) this.emit(false);
    if (!connection) return;
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref());
    await Promise.race([connection.end().catch(() => undefined), timeout]);
  }

  private emit(leader: boolean): void {
    for (const listener of this.listeners) {
      try {
        listener(leader);
      } catch (error) {
        this.options.logger?.warn(`lease ${this.options.name} listener: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

/** A PostgreSQL error about the statement (it has a SQLSTATE and the session survives), not about the connection. */
function isStatementError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // Class 08 = connection exception, 57P = operator intervention (e.g. terminated by the administrator).
  return typeof code === 'string' && code.length === 5 && !code.startsWith('08') && !code.startsWith('57P');
}
