/**
 * Loaded into the app process under benchmark with `node --require <this file>` (bench only; the
 * app knows nothing about it). It answers the bench over the child-process IPC channel:
 *
 * - `reset`        start a measurement window: event-loop delay histogram, CPU time, query counts;
 * - `stats`        the window so far: event-loop delay (perf_hooks.monitorEventLoopDelay), CPU
 *                  time of the process, node-postgres queries (total and by statement text);
 * - `trace-start` / `trace-stop`  every statement sent between the two, in order (round trips),
 *                  as `<connection number>\t<statement>`;
 * - `profile-start` / `profile-stop {file}`  a V8 CPU profile of the window (node:inspector),
 *                  written as a .cpuprofile file (Chrome DevTools / speedscope open it);
 * - `relay-start` / `relay-stop`  every batch the outbox relay read between the two: when its
 *                  SELECT answered and when it moved its cursor past the batch (wall clock, ms), and the
 *                  rows (outbox id, type, the trade id of a TradeExecuted) — the stream scenarios
 *                  split commit-to-receipt latency at the relay with it.
 *
 * Queries are counted by wrapping `pg.Client.prototype.query` of the app's own `pg` module (the
 * driver TypeORM uses): one call is one round trip to PostgreSQL. When the bench disconnects (it
 * exited or died), the process exits: a benchmark never leaves a server behind.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';

interface ProbeRequest {
  readonly id: number;
  readonly cmd: 'reset' | 'stats' | 'trace-start' | 'trace-stop' | 'profile-start' | 'profile-stop' | 'relay-start' | 'relay-stop';
  readonly file?: string;
}

export interface ProbeStats {
  readonly elapsedMs: number;
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  readonly eventLoopDelayMs: { readonly mean: number; readonly p50: number; readonly p99: number; readonly max: number };
  readonly queries: number;
  /**
   * The most frequent statements of the window, by count (first 90 characters, whitespace collapsed),
   * with the time from sending each to its result reaching its caller (the round trip as the app
   * sees it: PostgreSQL, the network, and the wait for the event loop), p50 / p99 in ms.
   */
  readonly statements: readonly { readonly text: string; readonly count: number; readonly p50Ms: number; readonly p99Ms: number }[];
}

/** One batch of the outbox relay: read at `readAt`, published (cursor moved) at `markAt` (wall clock ms, sub-ms). */
export interface RelayBatch {
  readonly readAt: number;
  markAt: number | null;
  readonly rows: readonly { readonly id: string; readonly type: string; readonly tradeId?: string }[];
}

type Send = (message: unknown) => void;

const wallNow = () => performance.timeOrigin + performance.now();

function statementKey(args: readonly unknown[]): string {
  const first = args[0];
  const text = typeof first === 'string' ? first : typeof first === 'object' && first !== null && 'text' in first ? String((first as { text: unknown }).text) : '?';
  return text.replace(/\s+/g, ' ').trim().slice(0, 90);
}

function install(send: Send): void {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  let windowStart = process.hrtime.bigint();
  let cpuStart = process.cpuUsage();
  let queries = 0;
  let byStatement = new Map<string, number>();
  /** Round-trip times by statement (ms), at most 20,000 per statement per window. */
  let timings = new Map<string, number[]>();
  let trace: string[] | null = null;
  let relay: RelayBatch[] | null = null;

  // The app's pg, resolved from its working directory (the repository root).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require(require.resolve('pg', { paths: [process.cwd()] })) as { Client: { prototype: { query: (...args: unknown[]) => unknown } } };
  const original = pg.Client.prototype.query;
  let connections = 0;
  const connectionIds = new WeakMap<object, number>();
  pg.Client.prototype.query = function countedQuery(this: object, ...args: unknown[]): unknown {
    queries++;
    const key = statementKey(args);
    byStatement.set(key, (byStatement.get(key) ?? 0) + 1);
    if (trace !== null) {
      let id = connectionIds.get(this);
      if (id === undefined) connectionIds.set(this, (id = ++connections));
      trace.push(`${id}\t${key}`);
    }
    const started = performance.now();
    const window = timings;
    const record = (): void => {
      const list = window.get(key) ?? [];
      if (list.length < 20_000) list.push(performance.now() - started);
      window.set(key, list);
    };
    // TypeORM passes a callback; the relay and the reference use the promise.
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = function timed(this: unknown, ...results: unknown[]): unknown {
        record();
        return (last as (...a: unknown[]) => unknown).apply(this, results);
      };
    }
    const result = original.apply(this, args);
    if (typeof last !== 'function' && typeof (result as { then?: unknown } | undefined)?.then === 'function') {
      void (result as Promise<unknown>).then(record, record);
    }
    if (relay !== null && key.startsWith('SELECT o.id, o.event_id, o.type, o.payload, o.occurred_at, o.tx_id::text AS tx_id')) {
      const batches = relay;
      if (typeof (result as { then?: unknown } | undefined)?.then === 'function')
        void (result as Promise<{ rows: { id: string; type: string; payload?: { trade?: { id?: string } } }[] }>).then(
        (r) => {
          if (r.rows.length > 0) batches.push({ readAt: wallNow(), markAt: null, rows: r.rows.map((row) => ({ id: String(row.id), type: row.type, tradeId: row.payload?.trade?.id })) });
        },
        () => undefined,
      );
    } else if (relay !== null && key.startsWith('UPDATE platform.outbox_relay_cursor SET')) {
      const last = relay[relay.length - 1];
      if (last && last.markAt === null) last.markAt = wallNow();
    }
    return result;
  };

  let session: Session | null = null;
  const post = <T>(method: string): Promise<T> =>
    new Promise((resolve, reject) => session!.post(method, (error, result) => (error ? reject(error) : resolve(result as T))));

  process.on('message', (raw: unknown) => {
    const request = raw as ProbeRequest;
    if (typeof request !== 'object' || request === null || typeof request.cmd !== 'string') return;
    const reply = (result: unknown) => send({ id: request.id, result });
    const fail = (error: unknown) => send({ id: request.id, error: error instanceof Error ? error.message : String(error) });
    switch (request.cmd) {
      case 'reset':
        delay.reset();
        windowStart = process.hrtime.bigint();
        cpuStart = process.cpuUsage();
        queries = 0;
        byStatement = new Map();
        timings = new Map();
        reply(true);
        return;
      case 'stats': {
        const cpu = process.cpuUsage(cpuStart);
        const stats: ProbeStats = {
          elapsedMs: Number(process.hrtime.bigint() - windowStart) / 1e6,
          cpuUserMs: cpu.user / 1000,
          cpuSystemMs: cpu.system / 1000,
          eventLoopDelayMs: {
            mean: delay.mean / 1e6,
            p50: delay.percentile(50) / 1e6,
            p99: delay.percentile(99) / 1e6,
            max: delay.max / 1e6,
          },
          queries,
          statements: [...byStatement.entries()]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 40)
            .map(([text, count]) => {
              const sorted = [...(timings.get(text) ?? [])].sort((a, b) => a - b);
              const at = (q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
              return { text, count, p50Ms: at(0.5), p99Ms: at(0.99) };
            }),
        };
        reply(stats);
        return;
      }
      case 'trace-start':
        trace = [];
        reply(true);
        return;
      case 'trace-stop':
        reply(trace ?? []);
        trace = null;
        return;
      case 'relay-start':
        relay = [];
        reply(true);
        return;
      case 'relay-stop':
        reply(relay ?? []);
        relay = null;
        return;
      case 'profile-start':
        session = new Session();
        session.connect();
        post('Profiler.enable')
          .then(() => post('Profiler.start'))
          .then(() => reply(true), fail);
        return;
      case 'profile-stop':
        if (session === null) {
          fail(new Error('no profile running'));
          return;
        }
        post<{ profile: unknown }>('Profiler.stop')
          .then(({ profile }) => {
            if (request.file) writeFileSync(request.file, JSON.stringify(profile));
            session!.disconnect();
            session = null;
            reply(true);
          }, fail);
        return;
    }
  });
  process.on('disconnect', () => process.exit(0));
}

if (typeof process.send === 'function') {
  const send = process.send.bind(process) as Send;
  install(send);
}
