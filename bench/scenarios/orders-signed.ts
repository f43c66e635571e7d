import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { AppServer, repoRoot, startAppServer } from '../lib/app-server';
import { summarizeProfile } from '../lib/cpu-profile';
import { HttpClient, LoadResult, RequestSpec, closedLoop } from '../lib/http-load';
import { BenchContext, ResultRow, Scenario, ScenarioOutcome } from '../lib/types';
import { BenchUser, Marks, orderStream } from './orders-flow';
import { POOL_SIZE, errorText, ms, setupUsers, waitQuiet } from './orders-http';
import { BenchScheme, Signer, createKeys, signAll } from './signed-requests';

/**
 * Issue 18: what a signed request (an API key, HMAC-SHA256 or Ed25519) costs the order path next
 * to a bearer token. The orders-http stream (six markets, the same mix and users) in a closed
 * loop of 64 connections, in phases by token, by HMAC key and by Ed25519 key, alternated
 * T H E  E H T  T H E ... so a drift (the books grow) falls on every mode alike. Each phase runs
 * for the same time on orders prepared (and signed) before its clock starts, more than it can
 * send: the server's cost is measured, not the bench's signing. Reference: the token phases of the
 * same run. Cost = 1 / orders/s; per round (one phase of each mode, adjacent in time) the ratio
 * signed / token; the verdict on the median of the rounds (a burst of the other tenants of this
 * shared machine hits one round, not the median). Target: at most 1.10x.
 */

const NAME = 'orders-signed';
const CONNECTIONS = 64;
const DEFAULT_PHASE_S = 10;
const QUICK_PHASE_S = 4;
const DEFAULT_ROUNDS = 6;
const QUICK_ROUNDS = 2;
const USERS = 200;
const QUICK_USERS = 40;
/** The longest window a request may name: prepared requests are sent up to a phase's length after signing. */
const RECV_WINDOW_MS = 60_000;
const MAX_PHASE_S = 45;
/** Orders prepared per phase: three times what the warm-up's rate would send (at least 300/s), at most this many. */
const MAX_PREPARED = 40_000;
const TARGET = 1.1;

type Mode = 'TOKEN' | BenchScheme;
const ROUND: readonly Mode[] = ['TOKEN', 'HMAC', 'ED25519'];
const rounds = (n: number): Mode[] => Array.from({ length: n }, (_, r) => (r % 2 === 0 ? ROUND : [...ROUND].reverse())).flat();

interface Phase {
  readonly mode: Mode;
  readonly orders: number;
  readonly perSec: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly errorCount: number;
  readonly cpuUsPerOrder: number;
  readonly queriesPerOrder: number;
  readonly signMs: number;
  /** The whole machine's busy share during the phase, and its 1-minute load average after it. */
  readonly machineBusyPct: number;
  readonly load1: number;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
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

function prepare(seed: number, count: number, users: readonly BenchUser[], marks: Marks): RequestSpec[] {
  const next = orderStream(seed, users, marks);
  return Array.from({ length: count }, (_, i) => next(i));
}

async function profiled<T>(app: AppServer, on: boolean, label: string, log: (m: string) => void, work: () => Promise<T>): Promise<T> {
  if (!on) return work();
  await app.probe('profile-start');
  const result = await work();
  const dir = join(repoRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/:/g, '-')}-${NAME}-${label}.cpuprofile`);
  await app.probe('profile-stop', file);
  const summary = summarizeProfile(file);
  log(`  CPU profile of the server (${label}): ${file}`);
  for (const f of summary.topFunctions.slice(0, 20)) log(`    ${f.pct.toFixed(1).padStart(5)}%  ${f.fn}  ${f.where}`);
  return result;
}

export const ordersSignedScenario: Scenario = {
  name: NAME,
  description: 'POST /api/v1/orders signed by an API key (HMAC, Ed25519) vs by a bearer token, alternated phases of one run (issue 18: at most 1.10x)',
  async run(ctx: BenchContext): Promise<ScenarioOutcome> {
    const quick = ctx.args.quick;
    // Orders are signed before their phase: it must end inside their receive window.
    const phaseS = Math.min(MAX_PHASE_S, ctx.args.durationSec ?? (quick ? QUICK_PHASE_S : DEFAULT_PHASE_S));
    const userCount = quick ? QUICK_USERS : USERS;
    const modes = rounds(quick ? QUICK_ROUNDS : DEFAULT_ROUNDS);
    const app = await startAppServer({ log: ctx.log, poolSize: POOL_SIZE });
    const client = new HttpClient(app.port, CONNECTIONS * 2);
    const marks = new Marks(client);
    try {
      await marks.ready();
      const users = await setupUsers(client, userCount, Date.now().toString(36), ctx.log, { label: NAME });
      const signers: Record<BenchScheme, Map<string, Signer>> = { HMAC: await createKeys(client, users, 'HMAC'), ED25519: await createKeys(client, users, 'ED25519') };
      ctx.log(`${NAME}: one HMAC and one Ed25519 TRADE key per user`);
      await app.probe('reset');
      await new Promise((r) => setTimeout(r, 2000));
      const idle = await app.probe('stats');
      const idleQps = (idle.queries * 1000) / idle.elapsedMs;
      marks.start(2000);

      ctx.log(`${NAME}: warm-up, ${CONNECTIONS} connections, 3 s by token, then 500 orders by each key`);
      const warm = await closedLoop(client, { connections: CONNECTIONS, durationMs: 3000, next: orderStream(5, users, marks) });
      for (const scheme of ['HMAC', 'ED25519'] as const) {
        const specs = signAll(prepare(6, 500, users, marks), signers[scheme], RECV_WINDOW_MS);
        const r = await closedLoop(client, { connections: CONNECTIONS, durationMs: 30_000, next: (i) => specs[i]!, limit: specs.length });
        if (r.errorCount > 0) throw new Error(`${NAME}: the ${scheme} warm-up was refused: ${errorText(r.errors)}`);
      }
      await waitQuiet(app, idleQps, ctx.log, NAME);
      const count = Math.min(MAX_PREPARED, Math.ceil(Math.max(300, warm.okPerSec) * phaseS * 3));
      ctx.log(`${NAME}: ${modes.length} phases of ${phaseS} s, ${count} orders prepared for each (the warm-up ran ${warm.okPerSec.toFixed(0)}/s): ${modes.map((m) => m[0]).join(' ')}`);

      const phases: Phase[] = [];
      for (const [i, mode] of modes.entries()) {
        // The same orders for every mode of a round (same seed); prices follow the marks.
        const base = prepare(100 + Math.floor(i / ROUND.length), count, users, marks);
        const t0 = performance.now();
        const specs = mode === 'TOKEN' ? base : signAll(base, signers[mode], RECV_WINDOW_MS);
        const signMs = performance.now() - t0;
        await app.probe('reset');
        const profile = ctx.args.profileRate !== null && i >= ROUND.length && i < 2 * ROUND.length;
        const cpu0 = machineTimes();
        const load: LoadResult = await profiled(app, profile, `${mode.toLowerCase()}-${i + 1}`, ctx.log, () =>
          closedLoop(client, { connections: CONNECTIONS, durationMs: phaseS * 1000, next: (k) => specs[k]!, limit: specs.length }),
        );
        const server = await app.probe('stats');
        const cpu1 = machineTimes();
        const phase: Phase = {
          mode,
          orders: load.ok,
          perSec: load.okPerSec,
          p50: ms(load.latency.percentile(50)),
          p99: ms(load.latency.percentile(99)),
          errors: load.errors,
          errorCount: load.errorCount,
          cpuUsPerOrder: load.ok > 0 ? ((server.cpuUserMs + server.cpuSystemMs) * 1000) / load.ok : 0,
          queriesPerOrder: load.ok > 0 ? (server.queries - (idleQps * server.elapsedMs) / 1000) / load.ok : 0,
          signMs,
          machineBusyPct: (100 * (cpu1.busy - cpu0.busy)) / Math.max(1, cpu1.total - cpu0.total),
          load1: loadavg()[0] ?? 0,
        };
        phases.push(phase);
        ctx.log(
          `  phase ${i + 1} ${mode.padEnd(7)}: ${phase.perSec.toFixed(0)} orders/s, p50 ${phase.p50.toFixed(1)} ms, p99 ${phase.p99.toFixed(1)} ms, ` +
            `server CPU ${phase.cpuUsPerOrder.toFixed(0)} us/order, ${phase.queriesPerOrder.toFixed(2)} queries/order, errors ${errorText(load.errors)}, ` +
            `machine ${phase.machineBusyPct.toFixed(0)}% busy, load ${phase.load1.toFixed(1)}` +
            (mode === 'TOKEN' ? '' : ` (signed by the bench in ${signMs.toFixed(0)} ms)`),
        );
        await waitQuiet(app, idleQps, ctx.log, NAME);
      }
      marks.stop();
      return report(phases, count, phaseS, userCount);
    } finally {
      marks.stop();
      client.close();
      await app.stop();
      await app.dropDatabase();
    }
  },
};

function report(phases: readonly Phase[], count: number, phaseS: number, userCount: number): ScenarioOutcome {
  const of = (mode: Mode) => phases.filter((p) => p.mode === mode);
  const roundsRun = Math.floor(phases.length / ROUND.length);
  const inRound = (r: number, mode: Mode) => phases.slice(r * ROUND.length, (r + 1) * ROUND.length).find((p) => p.mode === mode)!;
  /** Per round: signed cost / token cost = token orders/s / signed orders/s. */
  const ratios = (scheme: BenchScheme) => Array.from({ length: roundsRun }, (_, r) => inRound(r, 'TOKEN').perSec / inRound(r, scheme).perSec);
  const row = (metric: string, ours: number | string, reference: number | string | null, target = '', pass: boolean | null = null, ratio: number | null = null): ResultRow => ({
    scenario: NAME,
    metric,
    ours,
    reference,
    ratio: ratio ?? (typeof ours === 'number' && typeof reference === 'number' && reference !== 0 ? ours / reference : null),
    target,
    pass,
  });
  const tokenCost = median(of('TOKEN').map((p) => 1e6 / p.perSec));
  const tokenCpu = median(of('TOKEN').map((p) => p.cpuUsPerOrder));
  const rows: ResultRow[] = [];
  for (const scheme of ['HMAC', 'ED25519'] as const) {
    const perRound = ratios(scheme);
    const verdict = median(perRound);
    rows.push(
      row(
        `${scheme}-signed vs token order: us per order (1e6 / orders/s; ${CONNECTIONS} conn closed loop; ratio: median of ${roundsRun} rounds ${perRound.map((x) => x.toFixed(2)).join(' ')})`,
        median(of(scheme).map((p) => 1e6 / p.perSec)),
        tokenCost,
        `<= ${TARGET.toFixed(2)}x`,
        verdict <= TARGET,
        verdict,
      ),
      row(`${scheme}-signed vs token: server CPU us per order (medians)`, median(of(scheme).map((p) => p.cpuUsPerOrder)), tokenCpu),
    );
  }
  const errors = phases.reduce((n, p) => n + p.errorCount, 0);
  const modes = ['TOKEN', 'HMAC', 'ED25519'] as const;
  rows.push(
    row('orders/s by phase (T/H/E in the order run)', phases.map((p) => `${p.mode[0]} ${p.perSec.toFixed(0)}`).join(', '), null),
    row('p50 / p99 ms (means): token; HMAC; Ed25519', modes.map((m) => `${mean(of(m).map((p) => p.p50)).toFixed(1)} / ${mean(of(m).map((p) => p.p99)).toFixed(1)}`).join('; '), null),
    row('queries per order: token; HMAC; Ed25519', modes.map((m) => mean(of(m).map((p) => p.queriesPerOrder)).toFixed(2)).join('; '), null),
    row('machine busy % (min-max over the phases); load average (min-max)', `${Math.min(...phases.map((p) => p.machineBusyPct)).toFixed(0)}-${Math.max(...phases.map((p) => p.machineBusyPct)).toFixed(0)}%; ${Math.min(...phases.map((p) => p.load1)).toFixed(1)}-${Math.max(...phases.map((p) => p.load1)).toFixed(1)}`, null),
    row('errors (every phase)', errors === 0 ? '0' : phases.map((p) => errorText(p.errors)).join(' | '), null, '0', errors === 0),
  );
  return { rows, details: { preparedPerPhase: count, phaseS, users: userCount, connections: CONNECTIONS, recvWindowMs: RECV_WINDOW_MS, ratios: { HMAC: ratios('HMAC'), ED25519: ratios('ED25519') }, phases } };
}
