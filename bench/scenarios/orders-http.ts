import { mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { AppServer, copyDatabase, repoRoot, startAppServer } from '../lib/app-server';
import { ProfileSummary, summarizeProfile } from '../lib/cpu-profile';
import { HttpClient, LoadResult, RequestSpec, closedLoop, longestGapMs, minPerSecond, openLoop } from '../lib/http-load';
import { ProbeStats } from '../lib/server-probe';
import { BenchContext, ResultRow, Scenario, ScenarioOutcome } from '../lib/types';
import { BenchUser, FUNDING, MARKETS, MIX, Marks, orderStream } from './orders-flow';
import { PgReference, runPgReference } from './orders-pg-reference';
import { ShapeTrace, traceShapes } from './orders-trace';

/**
 * Scenario 2 (issue 6): POST /api/v1/orders end to end — HTTP, JWT and the session check,
 * validation, the market's turn, the hold, matching, the DB transaction and the outbox — on the
 * real app (child process, fresh database), at fixed arrival rates (open model), then 256
 * closed-loop connections (no stall), against references measured in the same run:
 * node-postgres running the same transaction shape with no HTTP (N round trips as the app, and
 * the same work in one round trip), and the HTTP ceiling (an authenticated route that does only
 * the session check and one read, and the public liveness route).
 */

const DEFAULT_RATES = [100, 250, 500, 750, 1000, 2000, 4000];
const QUICK_RATES = [250, 1000];
const DEFAULT_DURATION_S = 20;
const QUICK_DURATION_S = 4;
const USERS = 200;
const QUICK_USERS = 40;
/** DATABASE_POOL_SIZE of the app, and the concurrency of the node-postgres reference. */
export const POOL_SIZE = 16;
export const MAX_IN_FLIGHT = 4096;
export const DRAIN_MS = 10_000;
export const P99_TARGET_MS = 50;
/** A rate is sustained when at least this share of it was answered 2xx in the window (and p99, errors). */
export const SUSTAINED_SHARE = 0.95;
const STALL_CONNECTIONS = 256;

export interface RateOutcome {
  readonly rate: number;
  readonly achieved: number;
  readonly ok: number;
  readonly offered: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly errorCount: number;
  readonly maxInFlight: number;
  readonly server: ProbeStats;
  readonly serverCpuPct: number;
  readonly machineBusyPct: number;
  readonly queriesPerOrder: number;
  readonly sustained: boolean;
  readonly profile?: { file: string; summary: ProfileSummary };
  /** Offered at the reference's own rate (measured before the app's phases), not from the fixed ladder. */
  readonly atReference?: boolean;
}

/** Histogram values of the HTTP load are microseconds. */
export function ms(us: number): number {
  return us / 1e3;
}

function machineTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const c of cpus()) {
    const t = c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle;
    total += t;
    busy += t - c.times.idle;
  }
  return { busy, total };
}

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

/** Registers `count` users and funds each through the faucet (`funding`: asset and amount, within its daily caps). */
export async function setupUsers(
  client: HttpClient,
  count: number,
  runId: string,
  log: (m: string) => void,
  { funding = FUNDING, label = 'orders-http' }: { funding?: readonly (readonly [asset: string, amount: string])[]; label?: string } = {},
): Promise<BenchUser[]> {
  const t0 = Date.now();
  const users = await inPool(count, 8, async (i) => {
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
  log(`${label}: ${count} users registered in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const t1 = Date.now();
  await inPool(count * funding.length, 16, async (k) => {
    const user = users[Math.floor(k / funding.length)]!;
    const [asset, amount] = funding[k % funding.length]!;
    const r = await client.send({ method: 'POST', path: '/api/v1/wallet/deposits', headers: { authorization: `Bearer ${user.token}` }, body: JSON.stringify({ asset, amount }) }, true);
    if (r.status !== 201) throw new Error(`deposit ${amount} ${asset} failed: ${r.status} ${r.body}`);
  });
  log(`${label}: funded (${funding.map(([a, n]) => `${n} ${a}`).join(', ')} each) in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  return users;
}

/** Until the server's query rate is back near idle (aborted requests may still be queued in it). */
export async function waitQuiet(app: AppServer, idleQps: number, log: (m: string) => void, label = 'orders-http'): Promise<void> {
  const limit = Math.max(idleQps * 2, idleQps + 20);
  const deadline = Date.now() + 60_000;
  for (;;) {
    await app.probe('reset');
    await new Promise((r) => setTimeout(r, 500));
    const s = await app.probe('stats');
    const qps = (s.queries * 1000) / s.elapsedMs;
    if (qps <= limit) return;
    if (Date.now() > deadline) {
      log(`${label}: server still busy (${qps.toFixed(0)} queries/s) after 60 s; going on`);
      return;
    }
  }
}

async function ceiling(client: HttpClient, spec: RequestSpec | ((i: number) => RequestSpec), seconds: number): Promise<LoadResult> {
  return closedLoop(client, { connections: 64, durationMs: seconds * 1000, next: typeof spec === 'function' ? spec : () => spec });
}

async function stopProfile(app: AppServer, dir: string, label: string, log: (m: string) => void): Promise<{ file: string; summary: ProfileSummary }> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/:/g, '-')}-orders-http-${label}.cpuprofile`);
  await app.probe('profile-stop', file);
  const summary = summarizeProfile(file);
  log(`  CPU profile of the server (${label}): ${file}`);
  for (const a of summary.byArea.slice(0, 16)) log(`    ${a.pct.toFixed(1).padStart(5)}%  ${a.area}`);
  for (const f of summary.topFunctions.slice(0, 25)) log(`    ${f.pct.toFixed(1).padStart(5)}%  ${f.fn}  ${f.where}`);
  return { file, summary };
}

export function errorText(errors: Readonly<Record<string, number>>): string {
  const entries = Object.entries(errors).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? '0' : entries.map(([k, n]) => `${n} x ${k}`).join('; ');
}

/** The bar: the better of the reference's concurrencies (the pool size, one per market). */
function bestReference(reference: PgReference): PgReference['runs'][number] {
  return reference.runs.reduce((a, b) => (b.nRoundTrips > a.nRoundTrips ? b : a));
}

export interface RateRun {
  readonly app: AppServer;
  readonly client: HttpClient;
  readonly users: readonly BenchUser[];
  readonly marks: Marks;
  readonly rate: number;
  readonly durationS: number;
  readonly idleQps: number;
  /** A V8 CPU profile of the server during this rate. */
  readonly profile: boolean;
  readonly resultsDir: string;
  readonly log: (message: string) => void;
  /** The order stream (default: the six-market mix seeded by the rate) and the log's label. */
  readonly next?: (i: number) => RequestSpec;
  readonly label?: string;
}

/** One rate of the open model: `rate` orders/s for `durationS` seconds, with the server's own figures. */
export async function runRate({ app, client, users, marks, rate, durationS, idleQps, profile, resultsDir, log, next, label = 'orders-http' }: RateRun): Promise<RateOutcome> {
  log(`${label}: ${rate} orders/s for ${durationS} s (open model)`);
  await app.probe('reset');
  if (profile) await app.probe('profile-start');
  const cpu0 = machineTimes();
  const load = await openLoop(client, { rate, durationMs: durationS * 1000, maxInFlight: MAX_IN_FLIGHT, drainMs: DRAIN_MS, next: next ?? orderStream(1000 + rate, users, marks) });
  const server = await app.probe('stats');
  const cpu1 = machineTimes();
  const cpuProfile = profile ? await stopProfile(app, resultsDir, `orders-${rate}`, log) : undefined;
  const p99 = ms(load.latency.percentile(99));
  const achieved = (load.ok * 1000) / load.elapsedMs;
  const outcome: RateOutcome = {
    rate,
    achieved,
    ok: load.ok,
    offered: load.offered,
    p50: ms(load.latency.percentile(50)),
    p99,
    p999: ms(load.latency.percentile(99.9)),
    max: ms(load.latency.max),
    errors: load.errors,
    errorCount: load.errorCount,
    maxInFlight: load.maxInFlight,
    server,
    serverCpuPct: (100 * (server.cpuUserMs + server.cpuSystemMs)) / server.elapsedMs,
    machineBusyPct: (100 * (cpu1.busy - cpu0.busy)) / Math.max(1, cpu1.total - cpu0.total),
    queriesPerOrder: load.ok > 0 ? (server.queries - (idleQps * server.elapsedMs) / 1000) / load.ok : 0,
    sustained: achieved >= SUSTAINED_SHARE * rate && p99 < P99_TARGET_MS && load.errorCount === 0,
    profile: cpuProfile,
  };
  if (Object.keys(load.errors).some((k) => k.startsWith('5'))) {
    const lines = app.output().split('\n').filter((l) => /error/i.test(l)).slice(-3);
    for (const line of lines) log(`  server: ${line.slice(0, 400)}`);
  }
  for (const st of server.statements.slice(0, 12)) {
    log(`    ${String(st.count).padStart(6)} x p50 ${st.p50Ms.toFixed(1).padStart(5)} ms p99 ${st.p99Ms.toFixed(1).padStart(5)} ms  ${st.text.slice(0, 70)}`);
  }
  log(
    `  achieved ${achieved.toFixed(0)}/s (${load.ok} ok of ${load.offered}), p50 ${outcome.p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, ` +
      `p99.9 ${outcome.p999.toFixed(1)} ms, errors ${errorText(load.errors)}, max in flight ${load.maxInFlight}, ` +
      `server ELD p99 ${server.eventLoopDelayMs.p99.toFixed(1)} ms, server CPU ${outcome.serverCpuPct.toFixed(0)}%, machine ${outcome.machineBusyPct.toFixed(0)}%, ` +
      `${outcome.queriesPerOrder.toFixed(1)} queries/order`,
  );
  return outcome;
}

export const ordersHttpScenario: Scenario = {
  name: 'orders-http',
  description: 'POST /api/v1/orders end to end (HTTP, JWT, risk, DB transaction, outbox) at fixed arrival rates, vs node-postgres and the HTTP ceiling',
  async run(ctx: BenchContext): Promise<ScenarioOutcome> {
    const quick = ctx.args.quick;
    const rates = ctx.args.rates ?? (quick ? QUICK_RATES : DEFAULT_RATES);
    const durationS = ctx.args.durationSec ?? (quick ? QUICK_DURATION_S : DEFAULT_DURATION_S);
    const userCount = quick ? QUICK_USERS : USERS;
    const shortS = quick ? 2 : 5;
    const stallS = quick ? 3 : 10;
    const runId = Date.now().toString(36);
    const resultsDir = join(repoRoot(), 'bench', 'results');
    ctx.log(`orders-http: rates ${rates.join(', ')}/s, ${durationS} s each, ${userCount} users, ${MARKETS.length} markets, pool ${POOL_SIZE}`);

    // The app sets its database up (users, funding), then stops: the reference runs first, on a copy of that
    // database with nothing else running, and the app then runs every phase on the original (restarted).
    const setupApp = await startAppServer({ log: ctx.log, poolSize: POOL_SIZE });
    let app: AppServer = setupApp;
    let client = new HttpClient(setupApp.port, 1024);
    let marks = new Marks(client);
    let reference: PgReference | null = null;
    const onSigint = () => {
      ctx.log('orders-http: interrupted; stopping the app and dropping its database');
      void Promise.all([app.stop(), setupApp.stop()])
        .then(() => setupApp.dropDatabase())
        .finally(() => process.exit(130));
    };
    process.once('SIGINT', onSigint);
    try {
      await marks.ready();
      const users = await setupUsers(client, userCount, runId, ctx.log);
      await setupApp.stop();
      client.close();

      // The reference writes with the app's statements but no matching (its resting orders may cross): on a copy.
      ctx.log('orders-http: node-postgres reference, on a copy of the database the app set up (the app stopped)');
      const copy = await copyDatabase(setupApp.databaseName, ctx.log);
      try {
        reference = await runPgReference({ databaseUrl: copy.url, userIds: users.map((x) => x.id), concurrency: [POOL_SIZE, MARKETS.length], seconds: shortS, log: ctx.log });
      } finally {
        await copy.drop();
      }
      // The target is relative to the reference, so the app is also measured at the reference's own rate (rounded up: passing there
      // means at or above it); the fixed ladder can straddle it.
      const referenceRate = Math.ceil(bestReference(reference).nRoundTrips);
      const ladder = [...new Set([...rates, ...(referenceRate > 0 ? [referenceRate] : [])])].sort((x, y) => x - y);

      app = await startAppServer({ log: ctx.log, poolSize: POOL_SIZE, databaseName: setupApp.databaseName });
      client = new HttpClient(app.port, 1024);
      marks = new Marks(client);
      await marks.ready();

      await app.probe('reset');
      await new Promise((r) => setTimeout(r, 2000));
      const idle = await app.probe('stats');
      const idleQps = (idle.queries * 1000) / idle.elapsedMs;
      ctx.log(`orders-http: idle server: ${idleQps.toFixed(1)} queries/s (feed, relay), event-loop delay p99 ${idle.eventLoopDelayMs.p99.toFixed(1)} ms`);

      ctx.log('orders-http: round trips of single orders (statement traces)');
      const shapes = await traceShapes(app, client, users, marks);
      for (const shape of shapes) ctx.log(`  ${shape.label}: ${shape.statements.length} statements in the request, ${shape.after.length} after it`);

      marks.start(2000);
      ctx.log('orders-http: warm-up, 3 s at 100 orders/s');
      await openLoop(client, { rate: 100, durationMs: 3000, maxInFlight: MAX_IN_FLIGHT, drainMs: DRAIN_MS, next: orderStream(1, users, marks) });
      await waitQuiet(app, idleQps, ctx.log);

      // HTTP ceilings: closed loop, 64 connections.
      ctx.log(`orders-http: HTTP ceiling, 64 connections x ${shortS} s: GET /api/v1/auth/me, GET /api/health/live`);
      let u = 0;
      if (ctx.args.profileRate !== null) await app.probe('profile-start');
      const me = await ceiling(client, () => ({ method: 'GET', path: '/api/v1/auth/me', headers: { authorization: `Bearer ${users[u++ % users.length]!.token}` } }), shortS);
      const meProfile = ctx.args.profileRate !== null ? await stopProfile(app, resultsDir, 'auth-me', ctx.log) : undefined;
      const live = await ceiling(client, { method: 'GET', path: '/api/health/live', headers: {} }, shortS);
      ctx.log(`  /auth/me ${me.okPerSec.toFixed(0)} req/s p99 ${ms(me.latency.percentile(99)).toFixed(1)} ms; /health/live ${live.okPerSec.toFixed(0)} req/s`);

      const outcomes: RateOutcome[] = [];
      for (const rate of ladder) {
        const outcome = await runRate({ app, client, users, marks, rate, durationS, idleQps, profile: ctx.args.profileRate === rate, resultsDir, log: ctx.log });
        outcomes.push(rates.includes(rate) ? outcome : { ...outcome, atReference: true });
        await waitQuiet(app, idleQps, ctx.log);
      }

      ctx.log(`orders-http: ${STALL_CONNECTIONS} concurrent connections, closed loop, ${stallS} s`);
      const stallClient = new HttpClient(app.port, STALL_CONNECTIONS);
      await app.probe('reset');
      const stall = await closedLoop(stallClient, { connections: STALL_CONNECTIONS, durationMs: stallS * 1000, next: orderStream(77, users, marks) });
      const stallServer = await app.probe('stats');
      stallClient.close();
      const stallMin = minPerSecond(stall.perTick);
      const stallGap = longestGapMs(stall.perTick);
      ctx.log(
        `  ${stall.okPerSec.toFixed(0)} orders/s, p50 ${ms(stall.latency.percentile(50)).toFixed(0)} ms, p99 ${ms(stall.latency.percentile(99)).toFixed(0)} ms, ` +
          `fewest in any second ${stallMin}, longest gap ${stallGap} ms, errors ${errorText(stall.errors)}`,
      );
      marks.stop();
      await waitQuiet(app, idleQps, ctx.log);
      return report({ outcomes, shapes, me, meProfile, live, stall, stallMin, stallGap, stallServer, reference, idleQps, rates, durationS, userCount });
    } finally {
      process.removeListener('SIGINT', onSigint);
      marks.stop();
      client.close();
      await app.stop().catch(() => undefined);
      await setupApp.stop().catch(() => undefined);
      await setupApp.dropDatabase();
    }
  },
};

interface ReportInput {
  readonly outcomes: readonly RateOutcome[];
  readonly shapes: readonly ShapeTrace[];
  readonly me: LoadResult;
  readonly meProfile?: { file: string; summary: ProfileSummary };
  readonly live: LoadResult;
  readonly stall: LoadResult;
  readonly stallMin: number;
  readonly stallGap: number;
  readonly stallServer: ProbeStats;
  readonly reference: PgReference;
  readonly idleQps: number;
  readonly rates: readonly number[];
  readonly durationS: number;
  readonly userCount: number;
}

function report(i: ReportInput): ScenarioOutcome {
  const row = (metric: string, ours: number | string | null, reference: number | string | null, target = '', pass: boolean | null = null): ResultRow => ({
    scenario: 'orders-http',
    metric,
    ours,
    reference,
    ratio: typeof ours === 'number' && typeof reference === 'number' && reference !== 0 ? ours / reference : null,
    target,
    pass,
  });
  const ref = i.reference;
  const headline = bestReference(ref);
  const sustained = Math.max(0, ...i.outcomes.filter((o) => o.sustained).map((o) => o.rate));
  const bestAchieved = Math.max(0, ...i.outcomes.map((o) => o.achieved));
  const rows: ResultRow[] = [
    row(`sustained orders/s (p99 < ${P99_TARGET_MS} ms, 0 errors) vs pg ${headline.roundTrips.label} round trips @${headline.concurrency}`, sustained, headline.nRoundTrips, '>= ref', headline.nRoundTrips > 0 && sustained >= headline.nRoundTrips),
    row('best achieved orders/s (any rate) vs pg N round trips', bestAchieved, headline.nRoundTrips),
    ...ref.runs.map((r) => row(`pg reference TPS @${r.concurrency} conns: 1 round trip vs N (p99 ${r.oneP99Ms.toFixed(0)} / ${r.nP99Ms.toFixed(0)} ms)`, r.oneRoundTrip, r.nRoundTrips)),
  ];
  rows.push(
    row('best achieved orders/s vs GET /auth/me req/s (HTTP ceiling)', bestAchieved, i.me.okPerSec),
    row('GET /auth/me req/s vs GET /health/live req/s', i.me.okPerSec, i.live.okPerSec),
  );
  for (const o of i.outcomes) {
    const at = o.atReference ? `@${o.rate}/s (the reference's rate)` : `@${o.rate}/s`;
    rows.push(
      // The parts of "sustained", shown per rate; the verdict is the sustained row (past capacity a rate is meant to fail them).
      row(`${at} achieved orders/s (vs offered)`, o.achieved, o.rate, `(sustained: >= ${SUSTAINED_SHARE * 100}%)`),
      row(`${at} p99 ms (p50 / p99.9: ${o.p50.toFixed(1)} / ${o.p999.toFixed(0)})`, o.p99, null, `(sustained: < ${P99_TARGET_MS} ms)`),
      row(`${at} errors`, o.errorCount === 0 ? 0 : `${o.errorCount}: ${errorText(o.errors)}`, null, '(sustained: 0)'),
      row(`${at} server event-loop delay p99 ms (max ${o.server.eventLoopDelayMs.max.toFixed(0)})`, o.server.eventLoopDelayMs.p99, null),
      row(`${at} max in flight; server CPU %; machine CPU %`, `${o.maxInFlight}; ${o.serverCpuPct.toFixed(0)}%; ${o.machineBusyPct.toFixed(0)}%`, null),
    );
  }
  rows.push(
    row(`${STALL_CONNECTIONS} conns closed loop: orders/s vs pg N round trips`, i.stall.okPerSec, headline.nRoundTrips),
    row(`${STALL_CONNECTIONS} conns: fewest orders in any 1 s (longest gap ${i.stallGap} ms)`, i.stallMin, null, '> 0 (no stall)', i.stallMin > 0),
    row(`${STALL_CONNECTIONS} conns: p99 ms; errors`, `${ms(i.stall.latency.percentile(99)).toFixed(0)}; ${errorText(i.stall.errors)}`, null),
    row('round trips in the request (session check + transaction)', i.shapes.map((s) => `${s.label.split(' (')[0]}: ${s.statements.length}`).join(', '), null),
  );
  return {
    rows,
    details: {
      rates: i.rates,
      durationS: i.durationS,
      users: i.userCount,
      markets: MARKETS.map((m) => m.symbol),
      mix: MIX,
      poolSize: POOL_SIZE,
      idleQueriesPerSec: i.idleQps,
      shapes: i.shapes,
      httpCeiling: {
        authMeProfile: i.meProfile ? { file: i.meProfile.file, byArea: i.meProfile.summary.byArea, topFunctions: i.meProfile.summary.topFunctions } : undefined,
        authMe: { reqPerSec: i.me.okPerSec, p50ms: ms(i.me.latency.percentile(50)), p99ms: ms(i.me.latency.percentile(99)), errors: i.me.errors },
        healthLive: { reqPerSec: i.live.okPerSec, p50ms: ms(i.live.latency.percentile(50)), p99ms: ms(i.live.latency.percentile(99)), errors: i.live.errors },
      },
      rateRuns: i.outcomes.map((o) => ({ ...o, profile: o.profile ? { file: o.profile.file, byArea: o.profile.summary.byArea, topFunctions: o.profile.summary.topFunctions } : undefined })),
      stall: {
        connections: STALL_CONNECTIONS,
        okPerSec: i.stall.okPerSec,
        ok: i.stall.ok,
        p50ms: ms(i.stall.latency.percentile(50)),
        p99ms: ms(i.stall.latency.percentile(99)),
        maxMs: ms(i.stall.latency.max),
        errors: i.stall.errors,
        fewestInAnySecond: i.stallMin,
        longestGapMs: i.stallGap,
        perTick100ms: i.stall.perTick,
        serverEventLoopDelayMs: i.stallServer.eventLoopDelayMs,
      },
      pgReference: ref,
    },
  };
}
