import { Socket, io } from 'socket.io-client';
import { AppServer, startAppServer } from '../lib/app-server';
import { HttpClient, closedLoop } from '../lib/http-load';
import { BenchContext, ResultRow, Scenario, ScenarioOutcome } from '../lib/types';
import { Marks, orderStream } from './orders-flow';
import { POOL_SIZE, errorText, setupUsers, waitQuiet } from './orders-http';

/**
 * Issue 17: what the operators' tools cost the order path. The orders-http
 * stream (the same six-market mix) in a closed loop of 64 connections, in
 * phases without and with an /admin subscriber (metrics every 2 s, its
 * activity) plus a scrape of GET /api/metrics every second, alternated
 * ABBA ABBA so a drift of the machine or the growing books falls on both
 * sides equally. Reference: the phases without, in the same run. Target:
 * with >= 0.98 x without (a cost under 2 %).
 */

const CONNECTIONS = 64;
const DEFAULT_PHASE_S = 10;
const QUICK_PHASE_S = 4;
const USERS = 200;
const QUICK_USERS = 40;
const ADMIN_EMAIL = 'bench-admin@example.com';
const ADMIN_PASSWORD = 'bench admin passphrase for load tests';
/** ABBA ABBA: `true` = with the admin subscriber and the scrape. */
const PHASES = [false, true, true, false, false, true, true, false];

interface Watchers {
  readonly metrics: number;
  readonly scrapes: number;
  readonly scrapeFailures: number;
  stop(): void;
}

async function watch(app: AppServer, token: string): Promise<Watchers> {
  const socket: Socket = io(`${app.url}/admin`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
  const state = { metrics: 0, scrapes: 0, scrapeFailures: 0 };
  socket.on('metrics', () => (state.metrics += 1));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(new Error(`/admin refused the bench admin: ${e.message}`)));
  });
  const scrape = setInterval(() => {
    fetch(`${app.url}/api/metrics`)
      .then(async (r) => {
        await r.text();
        if (r.ok) state.scrapes += 1;
        else state.scrapeFailures += 1;
      })
      .catch(() => (state.scrapeFailures += 1));
  }, 1000);
  return {
    get metrics() {
      return state.metrics;
    },
    get scrapes() {
      return state.scrapes;
    },
    get scrapeFailures() {
      return state.scrapeFailures;
    },
    stop() {
      clearInterval(scrape);
      socket.close();
    },
  };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

export const adminOverheadScenario: Scenario = {
  name: 'admin-overhead',
  description: 'POST /api/v1/orders throughput with and without an /admin subscriber and a 1 s Prometheus scrape (issue 17: cost under 2 %)',
  async run(ctx: BenchContext): Promise<ScenarioOutcome> {
    const phaseS = ctx.args.durationSec ?? (ctx.args.quick ? QUICK_PHASE_S : DEFAULT_PHASE_S);
    const userCount = ctx.args.quick ? QUICK_USERS : USERS;
    const app = await startAppServer({ log: ctx.log, poolSize: POOL_SIZE, env: { ADMIN_EMAIL, ADMIN_PASSWORD } });
    const client = new HttpClient(app.port, CONNECTIONS * 2);
    const marks = new Marks(client);
    try {
      await marks.ready();
      const users = await setupUsers(client, userCount, Date.now().toString(36), ctx.log, { label: 'admin-overhead' });
      const login = await client.send({ method: 'POST', path: '/api/v1/auth/login', headers: {}, body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }) }, true);
      if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${login.body}`);
      const token = (JSON.parse(login.body!) as { accessToken: string }).accessToken;
      await app.probe('reset');
      await new Promise((r) => setTimeout(r, 2000));
      const idle = await app.probe('stats');
      const idleQps = (idle.queries * 1000) / idle.elapsedMs;
      marks.start(2000);
      ctx.log(`admin-overhead: warm-up, ${CONNECTIONS} connections for 3 s`);
      await closedLoop(client, { connections: CONNECTIONS, durationMs: 3000, next: orderStream(5, users, marks) });
      await waitQuiet(app, idleQps, ctx.log, 'admin-overhead');

      const without: number[] = [];
      const withAdmin: number[] = [];
      let received = { metrics: 0, scrapes: 0, scrapeFailures: 0 };
      for (const [i, on] of PHASES.entries()) {
        const watchers = on ? await watch(app, token) : undefined;
        const load = await closedLoop(client, { connections: CONNECTIONS, durationMs: phaseS * 1000, next: orderStream(100 + i, users, marks) });
        watchers?.stop();
        if (watchers) received = { metrics: received.metrics + watchers.metrics, scrapes: received.scrapes + watchers.scrapes, scrapeFailures: received.scrapeFailures + watchers.scrapeFailures };
        (on ? withAdmin : without).push(load.okPerSec);
        ctx.log(`  phase ${i + 1} ${on ? 'with   ' : 'without'}: ${load.okPerSec.toFixed(0)} orders/s, errors ${errorText(load.errors)}${watchers ? `, ${watchers.metrics} metrics messages, ${watchers.scrapes} scrapes` : ''}`);
        await waitQuiet(app, idleQps, ctx.log, 'admin-overhead');
      }
      marks.stop();
      const ours = mean(withAdmin);
      const reference = mean(without);
      const ratio = ours / reference;
      const expectedMessages = Math.floor((withAdmin.length * phaseS) / 2) - withAdmin.length;
      const rows: ResultRow[] = [
        { scenario: 'admin-overhead', metric: 'orders/s with /admin + 1 s scrape vs without (closed loop, 64 conn)', ours: Math.round(ours), reference: Math.round(reference), ratio, target: '>= 0.98x', pass: ratio >= 0.98 },
        {
          scenario: 'admin-overhead',
          metric: '/admin metrics messages / scrapes answered during the "with" phases',
          ours: `${received.metrics} / ${received.scrapes}`,
          reference: `>= ${expectedMessages} / ${withAdmin.length * (phaseS - 1)}`,
          ratio: null,
          target: 'all delivered',
          pass: received.metrics >= expectedMessages && received.scrapeFailures === 0,
        },
      ];
      return { rows, details: { phaseS, without, withAdmin, received } };
    } finally {
      marks.stop();
      client.close();
      await app.stop();
      await app.dropDatabase();
    }
  },
};
