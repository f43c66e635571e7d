import { monitorEventLoopDelay } from 'node:perf_hooks';
import { AppServer, startAppServer } from '../lib/app-server';
import { HttpClient } from '../lib/http-load';
import { BenchUser } from './orders-flow';

/** What the stream scenarios (fanout, private-stream) share: users, the app's lifetime, client-side CPU. */

export async function inPool<T>(count: number, concurrency: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await work(i);
      }
    }),
  );
  return out;
}

/** Registers `count` users through POST /auth/register (argon2: ~tens of ms each, 8 at a time). */
export async function registerUsers(client: HttpClient, count: number, tag: string): Promise<BenchUser[]> {
  const runId = `${tag}-${Date.now().toString(36)}`;
  return inPool(count, 8, async (i) => {
    const r = await client.send(
      {
        method: 'POST',
        path: '/api/v1/auth/register',
        headers: {},
        body: JSON.stringify({ email: `bench-${runId}-${i}@example.com`, password: 'bench passphrase for load tests', name: `Bench ${i}` }),
      },
      true,
    );
    if (r.status !== 201) throw new Error(`register failed: ${r.status} ${r.body}`);
    const body = JSON.parse(r.body!) as { accessToken: string; user: { id: string } };
    return { id: body.user.id, token: body.accessToken };
  });
}

/** The faucet (POST /wallet/deposits). */
export async function deposit(client: HttpClient, user: BenchUser, asset: string, amount: string): Promise<void> {
  const r = await client.send({ method: 'POST', path: '/api/v1/wallet/deposits', headers: { authorization: `Bearer ${user.token}` }, body: JSON.stringify({ asset, amount }) }, true);
  if (r.status !== 201) throw new Error(`deposit ${amount} ${asset} failed: ${r.status} ${r.body}`);
}

/**
 * The app for one scenario: started on a fresh database, stopped and the database dropped when
 * `work` ends, throws, or the bench is interrupted (Ctrl-C).
 */
export async function withApp<T>(name: string, log: (m: string) => void, extraCleanup: () => Promise<void>, work: (app: AppServer) => Promise<T>): Promise<T> {
  const app = await startAppServer({ log, poolSize: 16 });
  const cleanup = async () => {
    await extraCleanup().catch(() => undefined);
    await app.stop().catch(() => undefined);
    await app.dropDatabase();
  };
  const onSigint = () => {
    log(`${name}: interrupted; stopping the servers and dropping the database`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSigint);
  try {
    return await work(app);
  } finally {
    process.removeListener('SIGINT', onSigint);
    await cleanup();
  }
}

/** CPU time and event-loop delay of the bench process itself (where the socket clients run). */
export class ClientMeter {
  private readonly delay = monitorEventLoopDelay({ resolution: 5 });
  private cpu0 = process.cpuUsage();
  private t0 = performance.now();

  constructor() {
    this.delay.enable();
  }

  reset(): void {
    this.delay.reset();
    this.cpu0 = process.cpuUsage();
    this.t0 = performance.now();
  }

  read(): { cpuPct: number; eldP99Ms: number; eldMaxMs: number } {
    const cpu = process.cpuUsage(this.cpu0);
    const elapsed = performance.now() - this.t0;
    return { cpuPct: (100 * (cpu.user + cpu.system)) / 1000 / Math.max(1, elapsed), eldP99Ms: this.delay.percentile(99) / 1e6, eldMaxMs: this.delay.max / 1e6 };
  }

  stop(): void {
    this.delay.disable();
  }
}

/** Percentile of an ascending array (nearest rank); NaN when empty. */
export function percentileOf(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function fmtMs(v: number): string {
  return Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1)) : '-';
}
