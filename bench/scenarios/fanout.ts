import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { AppServer } from '../lib/app-server';
import { BARE_TICK_MS, BareIoServer, BareStats, startBareIoServer } from '../lib/bare-io-server';
import { Histogram } from '../lib/histogram';
import { HttpClient } from '../lib/http-load';
import { closeAll, connectMany, connectedCount, emitAll } from '../lib/io-clients';
import { ProbeStats, RelayBatch } from '../lib/server-probe';
import { BenchContext, ResultRow, Scenario, ScenarioOutcome } from '../lib/types';
import { BenchUser, MARKETS, MarketDef, Marks, formatUnits, orderRequest, priceAway } from './orders-flow';
import { ClientMeter, deposit, fmtMs, percentileOf, registerUsers, sleep, withApp } from './stream-common';

/**
 * Scenario 3 (issue 6): public fan-out. N socket.io-client sockets (WebSocket transport, one
 * connection each, in the bench process) subscribe to /market `trades` of one market while
 * trades flow: a few funded users place crossing LIMIT orders over HTTP at a steady rate (a maker
 * SELL of 10 minimum sizes, then 10 BUYs of one that take it: one trade per BUY, ~1.1 orders per
 * trade, since a market's commands run one at a time). One market per phase, so its public tape
 * (GET /markets/:symbol/trades) must hold exactly the trades the answers reported.
 *
 * Commit time of a trade = the bench's clock when the HTTP answer that carries its fill (the
 * taker's answer, `fills[].tradeId`) has been read: the answer is written after COMMIT, so this
 * is a little LATE (HTTP serialisation and the loopback hop) and the measured commit-to-receipt
 * latency a little SHORT. The trade's own `time` field is the other bound: it is stamped in the
 * matching pass, before the rest of the turn and the COMMIT (ms resolution), so receipt - time is
 * a little LONG. Both are reported. The app's outbox relay reads are traced (server-probe
 * `relay-start`), which splits the latency into commit -> relay read -> first receipt -> last.
 *
 * Reference in the same run: a bare Socket.IO server (bench/lib/bare-io-server.ts, child process,
 * no Nest) with the same number of subscribers, fed the same trades (the same message objects) at
 * the same moments relative to the start (the bench posts each over IPC when the app's trade had
 * committed), batched per 100 ms tick exactly as MarketStream, so the ratios isolate what the app
 * adds (outbox relay, Nest, the event loop shared with the order path). In the first phase the
 * bare server replays again with a 50 ms tick and with none (what the tick costs), then its
 * capacity: one-trade messages emitted to the subscribers as fast as it can.
 */

const SUBSCRIBERS = [1000, 4000];
const QUICK_SUBSCRIBERS = [1000];
const TRADE_RATE = 50;
const QUICK_TRADE_RATE = 25;
const DURATION_S = 15;
const QUICK_DURATION_S = 5;
const TRADERS = 4; // sellers, and as many buyers
/** A maker SELL is this many minimum sizes; as many BUYs take it, one trade each. */
const MAKER_SIZE = 10;
const MAX_IN_FLIGHT = 512;
const BLAST_MESSAGES = 300;
const QUICK_BLAST_MESSAGES = 100;
const P99_TARGET_MS = 100;
/** The bare server replays phase 1 again with these ticks (0: no batching), to show what the tick costs. */
const OTHER_TICKS_MS = [50, 0];
const RATIO_TARGET = 0.8;
/** Phase markets: a market per phase, so its public tape is exactly that phase's trades. */
const PHASE_MARKETS = ['BTC-USDT', 'ETH-USDT'];

interface TradeLike {
  readonly id: string;
  readonly symbol: string;
  readonly time: string;
  readonly [key: string]: unknown;
}

/**
 * Counts what N sockets receive: every (socket, trade) once (a bitmap per socket), duplicates,
 * messages, and the latency of every delivery from the trade's commit time (known when its
 * answer arrived; a delivery that comes first is kept until then).
 */
class TradeReceiver {
  private readonly index = new Map<string, number>();
  readonly ids: string[] = [];
  readonly sample: (TradeLike | undefined)[] = [];
  private readonly commitAt: Float64Array;
  private readonly tradeTimeMs: Float64Array;
  /** First and last receipt of each trade over all sockets (performance.now()). */
  readonly firstAt: Float64Array;
  readonly lastAt: Float64Array;
  private readonly seen: Uint8Array;
  private readonly pending = new Map<number, number[]>();
  /** Microseconds from the commit time (answer read) to the receipt. */
  readonly latency = new Histogram();
  /** Microseconds from the trade's `time` field to the receipt (wall clock). */
  readonly latencyFromTime = new Histogram();
  delivered = 0;
  duplicates = 0;
  messages = 0;
  overflow = 0;
  beforeCommit = 0;
  firstReceipt = Number.NaN;
  lastReceipt = Number.NaN;

  constructor(
    private readonly sockets: number,
    private readonly capacity: number,
  ) {
    this.commitAt = new Float64Array(capacity).fill(Number.NaN);
    this.tradeTimeMs = new Float64Array(capacity).fill(Number.NaN);
    this.firstAt = new Float64Array(capacity).fill(Number.NaN);
    this.lastAt = new Float64Array(capacity).fill(Number.NaN);
    this.seen = new Uint8Array(sockets * capacity);
  }

  private indexOf(id: string): number {
    let i = this.index.get(id);
    if (i === undefined) {
      if (this.ids.length >= this.capacity) return -1;
      i = this.ids.length;
      this.index.set(id, i);
      this.ids.push(id);
      this.sample.push(undefined);
    }
    return i;
  }

  get trades(): number {
    return this.ids.length;
  }

  /** The trade committed at `at` (performance.now()). */
  commit(id: string, at: number): void {
    const i = this.indexOf(id);
    if (i < 0) return;
    this.commitAt[i] = at;
    const waiting = this.pending.get(i);
    if (waiting) {
      this.pending.delete(i);
      for (const t of waiting) this.recordLatency(t - at);
    }
  }

  /** Per committed trade: commit time, first and last receipt (performance.now()). */
  timesOf(id: string): { commit: number; first: number; last: number } | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : { commit: this.commitAt[i]!, first: this.firstAt[i]!, last: this.lastAt[i]! };
  }

  private recordLatency(ms: number): void {
    if (ms < 0) this.beforeCommit++;
    this.latency.record(Math.max(0, ms) * 1e3);
  }

  onMessage(socket: number, message: { trades?: readonly TradeLike[] }): void {
    const now = performance.now();
    const wall = performance.timeOrigin + now;
    this.messages++;
    if (Number.isNaN(this.firstReceipt)) this.firstReceipt = now;
    this.lastReceipt = now;
    for (const trade of message.trades ?? []) {
      const i = this.indexOf(trade.id);
      if (i < 0) {
        this.overflow++;
        continue;
      }
      const bit = socket * this.capacity + i;
      if (this.seen[bit] === 1) {
        this.duplicates++;
        continue;
      }
      this.seen[bit] = 1;
      this.delivered++;
      if (Number.isNaN(this.firstAt[i]!)) this.firstAt[i] = now;
      this.lastAt[i] = now;
      if (Number.isNaN(this.tradeTimeMs[i]!)) {
        this.tradeTimeMs[i] = Date.parse(trade.time);
        this.sample[i] = trade;
      }
      this.latencyFromTime.record(Math.max(0, wall - this.tradeTimeMs[i]!) * 1e3);
      const c = this.commitAt[i]!;
      if (Number.isNaN(c)) {
        const list = this.pending.get(i) ?? [];
        list.push(now);
        this.pending.set(i, list);
      } else this.recordLatency(now - c);
    }
  }

  /** Deliveries of trades that never got a commit time (not from our answers). */
  get unattributed(): number {
    let n = 0;
    for (const list of this.pending.values()) n += list.length;
    return n;
  }

  /** Deliveries of the given trade ids (the committed set): the numerator of delivered/expected. */
  deliveredOf(ids: Iterable<string>): number {
    let n = 0;
    for (const id of ids) {
      const i = this.index.get(id);
      if (i === undefined) continue;
      for (let s = 0; s < this.sockets; s++) n += this.seen[s * this.capacity + i]!;
    }
    return n;
  }
}

interface DriveResult {
  readonly committed: Map<string, number>;
  readonly orders: number;
  readonly ok: number;
  readonly errors: Record<string, number>;
  readonly startedAt: number;
  readonly sendWindowMs: number;
  readonly lastAnswerAt: number;
  /** Answer latency of the orders (ms, from the scheduled send). */
  readonly orderLatency: Histogram;
}

/**
 * Trades on one market at `rate` trades/s for `seconds` (an open model): per cycle of
 * MAKER_SIZE + 1 orders, one SELL of MAKER_SIZE x the market's minimum size (it rests, or takes
 * bids resting there) and MAKER_SIZE BUYs of the minimum size that take it, all at one price (the
 * mark at the start): ~1.1 orders per trade, the fewest the order path allows (a market's
 * commands run one at a time). Sellers and buyers are different users (no self-trade). Every
 * answer's fills give the trade ids and their commit time; `onCommit` receives them as they come.
 */
async function driveTrades(
  client: HttpClient,
  market: MarketDef,
  price: string,
  sellers: readonly BenchUser[],
  buyers: readonly BenchUser[],
  rate: number,
  seconds: number,
  onCommit: (tradeId: string, at: number) => void,
): Promise<DriveResult> {
  const unit = BigInt(market.minLots);
  const cycle = MAKER_SIZE + 1;
  const ordersPerSec = (rate * cycle) / MAKER_SIZE;
  const total = Math.round(ordersPerSec * seconds);
  const interval = 1000 / ordersPerSec;
  const committed = new Map<string, number>();
  const errors: Record<string, number> = {};
  const orderLatency = new Histogram();
  let inFlight = 0;
  let ok = 0;
  let lastAnswerAt = 0;
  let sent = 0;
  let answered = 0;
  const t0 = performance.now() + 10;
  let allAnswered: () => void = () => undefined;
  const done = new Promise<void>((r) => (allAnswered = r));
  const fire = (k: number, due: number) => {
    if (inFlight >= MAX_IN_FLIGHT) {
      errors[`dropped (>${MAX_IN_FLIGHT} in flight)`] = (errors[`dropped (>${MAX_IN_FLIGHT} in flight)`] ?? 0) + 1;
      answered++;
      return;
    }
    const sell = k % cycle === 0;
    const user = sell ? sellers[Math.floor(k / cycle) % TRADERS]! : buyers[k % TRADERS]!;
    const quantity = formatUnits(sell ? unit * BigInt(MAKER_SIZE) : unit, market.quantityScale);
    inFlight++;
    void client.send(orderRequest(user, { symbol: market.symbol, side: sell ? 'SELL' : 'BUY', type: 'LIMIT', quantity, price }), true).then((r) => {
      const at = performance.now();
      inFlight--;
      answered++;
      lastAnswerAt = at;
      if (r.status === 201 && r.body !== null) {
        ok++;
        orderLatency.record((at - due) * 1e3);
        const body = JSON.parse(r.body) as { fills?: { tradeId: string }[] };
        for (const fill of body.fills ?? []) {
          if (committed.has(fill.tradeId)) continue;
          committed.set(fill.tradeId, at);
          onCommit(fill.tradeId, at);
        }
      } else {
        const key = r.status === 0 ? `network ${r.code}` : `${r.status} ${r.code ?? ''}`.trim();
        errors[key] = (errors[key] ?? 0) + 1;
      }
      if (sent === total && answered === total) allAnswered();
    });
  };
  await new Promise<void>((resolve) => {
    const pump = () => {
      const now = performance.now();
      while (sent < total && t0 + sent * interval <= now) {
        fire(sent, t0 + sent * interval);
        sent++;
      }
      if (sent < total) setTimeout(pump, 1);
      else resolve();
    };
    setTimeout(pump, Math.max(0, t0 - performance.now()));
  });
  if (answered === total) allAnswered();
  await Promise.race([done, sleep(15_000)]);
  return { committed, orders: total, ok, errors, startedAt: t0, sendWindowMs: total * interval, lastAnswerAt, orderLatency };
}

/** Until every expected delivery arrived, or nothing arrived for `quietMs` (at most `maxMs`). */
async function drain(receiver: TradeReceiver, expected: () => number, quietMs: number, maxMs: number): Promise<void> {
  const deadline = performance.now() + maxMs;
  let last = receiver.delivered;
  let lastChange = performance.now();
  for (;;) {
    await sleep(100);
    if (receiver.delivered >= expected()) {
      await sleep(300); // duplicates, if any, would come now
      return;
    }
    if (receiver.delivered !== last) {
      last = receiver.delivered;
      lastChange = performance.now();
    }
    if (performance.now() - lastChange > quietMs || performance.now() > deadline) return;
  }
}

interface PhaseMeasure {
  readonly subscribers: number;
  readonly connected: number;
  readonly connectMs: number;
  readonly trades: number;
  readonly expected: number;
  readonly delivered: number;
  readonly duplicates: number;
  readonly unexpected: number;
  readonly messages: number;
  readonly windowMs: number;
  readonly deliveriesPerSec: number;
  readonly messagesPerSec: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly fromTimeP50: number;
  readonly fromTimeP99: number;
  readonly beforeCommit: number;
  readonly serverCpuPct: number;
  readonly serverEldP99: number;
  readonly clientCpuPct: number;
  readonly clientEldP99: number;
}

function measure(
  subscribers: number,
  sockets: readonly Socket[],
  connectMs: number,
  receiver: TradeReceiver,
  committedIds: readonly string[],
  firstCommit: number,
  server: { cpuMs: number; elapsedMs: number; eldP99: number },
  client: { cpuPct: number; eldP99Ms: number },
): PhaseMeasure {
  const expected = committedIds.length * subscribers;
  const delivered = receiver.deliveredOf(committedIds);
  const windowMs = Math.max(1, receiver.lastReceipt - firstCommit);
  const ms = (us: number) => us / 1e3;
  return {
    subscribers,
    connected: connectedCount(sockets),
    connectMs,
    trades: committedIds.length,
    expected,
    delivered,
    duplicates: receiver.duplicates,
    unexpected: receiver.delivered - delivered,
    messages: receiver.messages,
    windowMs,
    deliveriesPerSec: (delivered * 1000) / windowMs,
    messagesPerSec: (receiver.messages * 1000) / windowMs,
    p50: ms(receiver.latency.percentile(50)),
    p99: ms(receiver.latency.percentile(99)),
    p999: ms(receiver.latency.percentile(99.9)),
    max: ms(receiver.latency.max),
    fromTimeP50: ms(receiver.latencyFromTime.percentile(50)),
    fromTimeP99: ms(receiver.latencyFromTime.percentile(99)),
    beforeCommit: receiver.beforeCommit,
    serverCpuPct: (100 * server.cpuMs) / Math.max(1, server.elapsedMs),
    serverEldP99: server.eldP99,
    clientCpuPct: client.cpuPct,
    clientEldP99: client.eldP99Ms,
  };
}

interface PhaseOutcome {
  readonly subscribers: number;
  readonly market: string;
  readonly ours: PhaseMeasure;
  readonly reference: PhaseMeasure;
  /** The bare server again with other ticks (0: one message per trade at once): what the latency would be. Phase 1 only. */
  readonly otherTicks: readonly { tickMs: number; m: PhaseMeasure }[];
  /** Per trade: commit -> relay read (ours), -> first receipt, first -> last receipt (the fan-out spread), ms. */
  readonly breakdown: { ours: Breakdown; reference: Breakdown };
  /** The app's outbox relay in the phase: batches, rows, dispatch time (read -> cursor moved). */
  readonly relay: RelayStats;
  readonly drive: { orders: number; ok: number; errors: Record<string, number>; tradesPerSec: number; tapeCount: number; orderP50Ms: number; orderP99Ms: number };
  /** The app's CPU profile of the phase: samples under the stream code (MarketStream, socket.io, engine.io, ws). */
  readonly profile: FanoutProfile | null;
  /** Server CPU ms per 1,000 deliveries: ours from the profile (stream code only), the reference's whole process. */
  readonly cpuPerKiloDelivery: { ours: number | null; reference: number };
}

interface Pct {
  readonly p50: number;
  readonly p99: number;
}

interface Breakdown {
  readonly toRelay: Pct;
  readonly toFirst: Pct;
  readonly spread: Pct;
}

interface RelayStats {
  readonly batches: number;
  readonly rows: number;
  readonly rowsP50: number;
  readonly rowsMax: number;
  readonly dispatchP50: number;
  readonly dispatchP99: number;
  readonly dispatchMax: number;
}

function pct(values: number[]): Pct {
  values.sort((a, b) => a - b);
  return { p50: percentileOf(values, 50), p99: percentileOf(values, 99) };
}

/** Per committed trade: commit -> relay read (when known), relay read (or commit) -> first receipt, first -> last receipt. */
function breakdownOf(receiver: TradeReceiver, ids: readonly string[], relayRead: ReadonlyMap<string, number> | null): Breakdown {
  const toRelay: number[] = [];
  const toFirst: number[] = [];
  const spread: number[] = [];
  for (const id of ids) {
    const t = receiver.timesOf(id);
    if (!t || Number.isNaN(t.first)) continue;
    const read = relayRead?.get(id);
    if (read !== undefined) {
      const readLocal = read - performance.timeOrigin;
      toRelay.push(readLocal - t.commit);
      toFirst.push(t.first - readLocal);
    } else if (relayRead === null) toFirst.push(t.first - t.commit);
    spread.push(t.last - t.first);
  }
  return { toRelay: pct(toRelay), toFirst: pct(toFirst), spread: pct(spread) };
}

function relayStatsOf(batches: readonly RelayBatch[]): RelayStats {
  const rows = batches.map((b) => b.rows.length);
  const dispatch = batches.filter((b) => b.markAt !== null).map((b) => b.markAt! - b.readAt);
  const d = [...dispatch].sort((a, b) => a - b);
  const r = [...rows].sort((a, b) => a - b);
  return {
    batches: batches.length,
    rows: rows.reduce((a, b) => a + b, 0),
    rowsP50: percentileOf(r, 50),
    rowsMax: r[r.length - 1] ?? 0,
    dispatchP50: percentileOf(d, 50),
    dispatchP99: percentileOf(d, 99),
    dispatchMax: d[d.length - 1] ?? Number.NaN,
  };
}

interface FanoutProfile {
  readonly totalMs: number;
  readonly idleMs: number;
  /** Inclusive: samples with a frame of the realtime code or of socket.io / engine.io / ws on the stack. */
  readonly fanoutMs: number;
  readonly top: readonly { fn: string; ms: number }[];
}

const FANOUT_CODE = /node_modules\/(socket\.io|socket\.io-adapter|socket\.io-parser|engine\.io|engine\.io-parser|ws)\/|apps\/api\/src\/realtime\//;

/** Inclusive time of the fan-out code in a .cpuprofile (any frame of it on the sampled stack). */
function fanoutProfile(file: string): FanoutProfile {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
    startTime: number;
    endTime: number;
    samples?: number[];
  };
  const parent = new Map<number, number>();
  const byId = new Map<number, (typeof profile.nodes)[number]>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const memo = new Map<number, boolean>();
  const inFanout = (id: number): boolean => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const n = byId.get(id);
    const p = parent.get(id);
    const v = n !== undefined && (FANOUT_CODE.test(n.callFrame.url) || (p !== undefined && inFanout(p)));
    memo.set(id, v);
    return v;
  };
  const samples = profile.samples ?? [];
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const per = samples.length > 0 ? totalMs / samples.length : 0;
  let fanout = 0;
  let idle = 0;
  const fns = new Map<string, number>();
  for (const id of samples) {
    const n = byId.get(id);
    if (n?.callFrame.functionName === '(idle)') idle++;
    if (inFanout(id)) {
      fanout++;
      const key = `${n?.callFrame.functionName || '(anonymous)'} ${n?.callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*bench-app\//, '') ?? ''}`;
      fns.set(key, (fns.get(key) ?? 0) + 1);
    }
  }
  return {
    totalMs,
    idleMs: idle * per,
    fanoutMs: fanout * per,
    top: [...fns.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([fn, k]) => ({ fn, ms: k * per })),
  };
}

function logPhase(log: (m: string) => void, label: string, m: PhaseMeasure): void {
  log(
    `  ${label}: ${m.delivered}/${m.expected} deliveries (${m.trades} trades x ${m.subscribers}), dup ${m.duplicates}, ` +
      `${m.deliveriesPerSec.toFixed(0)} deliveries/s, ${m.messagesPerSec.toFixed(0)} messages/s, commit->receipt p50 ${fmtMs(m.p50)} p99 ${fmtMs(m.p99)} max ${fmtMs(m.max)} ms ` +
      `(from trade.time p50 ${fmtMs(m.fromTimeP50)} p99 ${fmtMs(m.fromTimeP99)}), server CPU ${m.serverCpuPct.toFixed(0)}% ELD p99 ${fmtMs(m.serverEldP99)} ms, ` +
      `client CPU ${m.clientCpuPct.toFixed(0)}% ELD p99 ${fmtMs(m.clientEldP99)} ms`,
  );
}

async function tapeCount(client: HttpClient, symbol: string): Promise<number> {
  const r = await client.send({ method: 'GET', path: `/api/v1/markets/${symbol}/trades?limit=1000`, headers: {} }, true);
  if (r.status !== 200 || r.body === null) return -1;
  return (JSON.parse(r.body) as unknown[]).length;
}

async function subscribeAll(sockets: readonly Socket[], symbol: string): Promise<void> {
  const acks = await emitAll<{ error?: { code: string } }>(sockets, 'subscribe', { symbol, channels: ['trades'] });
  const refused = acks.filter((a) => a?.error !== undefined);
  if (refused.length > 0) throw new Error(`${refused.length} subscriptions refused (${refused[0]!.error!.code})`);
}

/**
 * Posts the schedule's trades to the bare server at the same offsets (from now) as the app's
 * commits; each post is the trade's commit time for `receiver`. Returns the ids and the start.
 */
async function replay(bare: BareIoServer, schedule: readonly { offset: number; trade: TradeLike | undefined }[], receiver: TradeReceiver, symbol: string, prefix: string, tickMs: number): Promise<{ ids: string[]; start: number }> {
  const ids: string[] = [];
  const start = performance.now() + 10;
  await new Promise<void>((resolve) => {
    let k = 0;
    const pump = () => {
      const now = performance.now();
      while (k < schedule.length && start + schedule[k]!.offset <= now) {
        const id = `${prefix}-${k}`;
        const at = performance.now();
        receiver.commit(id, at);
        ids.push(id);
        bare.post({ cmd: 'trade', tickMs, trade: { ...(schedule[k]!.trade ?? {}), id, symbol, time: new Date(performance.timeOrigin + at).toISOString() } });
        k++;
      }
      if (k < schedule.length) setTimeout(pump, 1);
      else resolve();
    };
    setTimeout(pump, 10);
  });
  return { ids, start };
}

export const fanoutScenario: Scenario = {
  name: 'fanout',
  description: '/market trades to 1,000 and 4,000 Socket.IO subscribers while trades flow: deliveries/s, commit-to-receipt latency, nothing lost; vs a bare Socket.IO server',
  async run(ctx: BenchContext): Promise<ScenarioOutcome> {
    const quick = ctx.args.quick;
    const counts = quick ? QUICK_SUBSCRIBERS : SUBSCRIBERS;
    const rate = quick ? QUICK_TRADE_RATE : TRADE_RATE;
    const seconds = ctx.args.durationSec ?? (quick ? QUICK_DURATION_S : DURATION_S);
    const blastCount = quick ? QUICK_BLAST_MESSAGES : BLAST_MESSAGES;
    ctx.log(`fanout: ${counts.join(', ')} subscribers, ${rate} trades/s (${((rate * (MAKER_SIZE + 1)) / MAKER_SIZE).toFixed(0)} orders/s) for ${seconds} s each, ${TRADERS} sellers + ${TRADERS} buyers`);
    let bare: BareIoServer | null = null;
    let sockets: Socket[] = [];
    const meter = new ClientMeter();
    return withApp(
      'fanout',
      ctx.log,
      async () => {
        closeAll(sockets);
        meter.stop();
        await bare?.stop();
      },
      async (app: AppServer) => {
        const client = new HttpClient(app.port, 256);
        const marks = new Marks(client);
        try {
          await marks.ready();
          bare = await startBareIoServer();
          ctx.log(`fanout: bare Socket.IO reference at 127.0.0.1:${bare.port} (pid ${bare.pid})`);
          const users = await registerUsers(client, TRADERS * 2, 'fanout');
          const sellers = users.slice(0, TRADERS);
          const buyers = users.slice(TRADERS);
          await Promise.all([
            ...sellers.flatMap((u) => [deposit(client, u, 'BTC', '2'), deposit(client, u, 'ETH', '50')]),
            ...buyers.map((u) => deposit(client, u, 'USDT', '100000')),
          ]);
          const marketOf = (symbol: string) => MARKETS.find((m) => m.symbol === symbol)!;
          const priceOf = (m: MarketDef) => formatUnits(priceAway(marks.get(m.symbol), 0), m.priceScale);
          const capacity = Math.ceil(rate * seconds * 1.2) + 200;

          const phases: PhaseOutcome[] = [];
          let blast: { deliveries: number; expected: number; perSec: number; serverCpuPct: number; clientCpuPct: number } | null = null;
          for (let p = 0; p < counts.length; p++) {
            const n = counts[p]!;
            const market = marketOf(PHASE_MARKETS[p % PHASE_MARKETS.length]!);

            // Ours.
            ctx.log(`fanout: ${n} subscribers on /market ${market.symbol} trades (the app)`);
            let receiver = new TradeReceiver(n, capacity);
            const c0 = performance.now();
            sockets = await connectMany({ port: app.port, namespace: '/market', count: n, setup: (s, i) => s.on('trade', (m: { trades?: TradeLike[] }) => receiver.onMessage(i, m)) });
            await subscribeAll(sockets, market.symbol);
            const connectMs = performance.now() - c0;
            ctx.log(`  connected and subscribed in ${(connectMs / 1000).toFixed(1)} s`);
            await sleep(1000);
            await marks.refresh();
            await app.probe('reset');
            await app.probe('profile-start');
            await app.probe('relay-start');
            meter.reset();
            const drive = await driveTrades(client, market, priceOf(market), sellers, buyers, rate, seconds, (id, at) => receiver.commit(id, at));
            const committedIds = [...drive.committed.keys()];
            await drain(receiver, () => committedIds.length * n, 3000, 15_000);
            const server: ProbeStats = await app.probe('stats');
            const clientRead = meter.read();
            const batches = await app.probe('relay-stop');
            const relayStats = relayStatsOf(batches);
            const relayRead = new Map<string, number>();
            for (const b of batches) for (const row of b.rows) if (row.tradeId !== undefined && !relayRead.has(row.tradeId)) relayRead.set(row.tradeId, b.readAt);
            const profileFile = join(tmpdir(), `bench-fanout-${process.pid}-${n}.cpuprofile`);
            let profile: FanoutProfile | null = null;
            try {
              await app.probe('profile-stop', profileFile);
              profile = fanoutProfile(profileFile);
            } catch (error) {
              ctx.log(`  (no CPU profile: ${(error as Error).message})`);
            } finally {
              rmSync(profileFile, { force: true });
            }
            const firstCommit = Math.min(...drive.committed.values());
            const ours = measure(n, sockets, connectMs, receiver, committedIds, firstCommit, { cpuMs: server.cpuUserMs + server.cpuSystemMs, elapsedMs: server.elapsedMs, eldP99: server.eventLoopDelayMs.p99 }, clientRead);
            const tape = await tapeCount(client, market.symbol);
            const oursBreakdown = breakdownOf(receiver, committedIds, relayRead);
            logPhase(ctx.log, 'ours', ours);
            ctx.log(
              `  commit->relay read p50 ${fmtMs(oursBreakdown.toRelay.p50)} p99 ${fmtMs(oursBreakdown.toRelay.p99)} ms; relay read->first receipt p50 ${fmtMs(oursBreakdown.toFirst.p50)} p99 ${fmtMs(oursBreakdown.toFirst.p99)} ms; ` +
                `spread p50 ${fmtMs(oursBreakdown.spread.p50)} p99 ${fmtMs(oursBreakdown.spread.p99)} ms; relay: ${relayStats.batches} batches, ${relayStats.rows} rows (p50 ${relayStats.rowsP50}, max ${relayStats.rowsMax}), dispatch p50 ${fmtMs(relayStats.dispatchP50)} p99 ${fmtMs(relayStats.dispatchP99)} max ${fmtMs(relayStats.dispatchMax)} ms`,
            );
            ctx.log(
              `  orders ok ${drive.ok}/${drive.orders}, errors ${JSON.stringify(drive.errors)}, ${committedIds.length} trades committed (tape ${tape}), ` +
                `order p50 ${fmtMs(drive.orderLatency.percentile(50) / 1e3)} p99 ${fmtMs(drive.orderLatency.percentile(99) / 1e3)} ms, unattributed deliveries ${receiver.unattributed}`,
            );
            if (profile) {
              ctx.log(`  app profile: ${profile.totalMs.toFixed(0)} ms sampled, idle ${profile.idleMs.toFixed(0)} ms, stream code (inclusive) ${profile.fanoutMs.toFixed(0)} ms; top self frames under it:`);
              for (const f of profile.top.slice(0, 8)) ctx.log(`    ${f.ms.toFixed(0).padStart(6)} ms  ${f.fn}`);
            }
            const sampleOf = new Map(receiver.ids.map((id, k) => [id, receiver.sample[k]]));
            const schedule = committedIds.map((id) => ({ offset: drive.committed.get(id)! - firstCommit, trade: sampleOf.get(id) })).sort((a, b) => a.offset - b.offset);
            closeAll(sockets);
            sockets = [];

            // The bare reference: same subscribers, same trades at the same moments, same tick.
            ctx.log(`fanout: ${n} subscribers, bare Socket.IO reference, the same ${schedule.length} trades replayed (100 ms tick)`);
            const refReceiver = new TradeReceiver(n, capacity);
            receiver = refReceiver;
            const r0 = performance.now();
            sockets = await connectMany({ port: bare!.port, namespace: '/market', count: n, setup: (s, i) => s.on('trade', (m: { trades?: TradeLike[] }) => receiver.onMessage(i, m)) });
            await subscribeAll(sockets, market.symbol);
            const refConnectMs = performance.now() - r0;
            await sleep(1000);
            await bare!.reset();
            meter.reset();
            const ref = await replay(bare!, schedule, refReceiver, market.symbol, 'ref', BARE_TICK_MS);
            await drain(refReceiver, () => ref.ids.length * n, 3000, 15_000);
            const refStats: BareStats = await bare!.stats();
            const reference = measure(n, sockets, refConnectMs, refReceiver, ref.ids, ref.start, { cpuMs: refStats.cpuUserMs + refStats.cpuSystemMs, elapsedMs: refStats.elapsedMs, eldP99: refStats.eventLoopDelayMs.p99 }, meter.read());
            const refBreakdown = breakdownOf(refReceiver, ref.ids, null);
            logPhase(ctx.log, 'reference', reference);
            ctx.log(`  post->first receipt p50 ${fmtMs(refBreakdown.toFirst.p50)} p99 ${fmtMs(refBreakdown.toFirst.p99)} ms; spread p50 ${fmtMs(refBreakdown.spread.p50)} p99 ${fmtMs(refBreakdown.spread.p99)} ms`);

            const otherTicks: { tickMs: number; m: PhaseMeasure }[] = [];
            if (p === 0) {
              for (const tickMs of OTHER_TICKS_MS) {
                ctx.log(`fanout: the same replay with a ${tickMs === 0 ? 'no tick (one message per trade at once)' : `${tickMs} ms tick`}`);
                const nt = new TradeReceiver(n, capacity);
                receiver = nt;
                await bare!.reset();
                meter.reset();
                const run = await replay(bare!, schedule, nt, market.symbol, `t${tickMs}`, tickMs);
                await drain(nt, () => run.ids.length * n, 3000, 15_000);
                const st = await bare!.stats();
                const m = measure(n, sockets, refConnectMs, nt, run.ids, run.start, { cpuMs: st.cpuUserMs + st.cpuSystemMs, elapsedMs: st.elapsedMs, eldP99: st.eventLoopDelayMs.p99 }, meter.read());
                otherTicks.push({ tickMs, m });
                logPhase(ctx.log, `tick ${tickMs} ms`, m);
              }

              // Capacity of the bare server: one-trade messages as fast as it emits them.
              ctx.log(`fanout: bare Socket.IO capacity, ${blastCount} one-trade messages to ${n} subscribers as fast as it can`);
              let got = 0;
              let last = 0;
              const blastReceiver = {
                onMessage: () => {
                  got += 1;
                  last = performance.now();
                },
              };
              receiver = blastReceiver as unknown as TradeReceiver;
              await bare!.reset();
              meter.reset();
              const b0 = performance.now();
              await bare!.blast(market.symbol, blastCount, (schedule[0]?.trade as Record<string, unknown> | undefined) ?? { symbol: market.symbol });
              const blastExpected = blastCount * n;
              const deadline = performance.now() + 30_000;
              let seenAt = performance.now();
              let seen = got;
              while (got < blastExpected && performance.now() < deadline && performance.now() - seenAt < 3000) {
                await sleep(50);
                if (got !== seen) {
                  seen = got;
                  seenAt = performance.now();
                }
              }
              const blastStats = await bare!.stats();
              const perSec = (got * 1000) / Math.max(1, last - b0);
              blast = {
                deliveries: got,
                expected: blastExpected,
                perSec,
                serverCpuPct: (100 * (blastStats.cpuUserMs + blastStats.cpuSystemMs)) / blastStats.elapsedMs,
                clientCpuPct: meter.read().cpuPct,
              };
              ctx.log(`  ${got}/${blastExpected} delivered, ${perSec.toFixed(0)} deliveries/s, server CPU ${blast.serverCpuPct.toFixed(0)}%, client CPU ${blast.clientCpuPct.toFixed(0)}%`);
            }
            closeAll(sockets);
            sockets = [];
            await sleep(500);

            const refCpuMs = refStats.cpuUserMs + refStats.cpuSystemMs;
            phases.push({
              subscribers: n,
              market: market.symbol,
              ours,
              reference,
              otherTicks,
              breakdown: { ours: oursBreakdown, reference: refBreakdown },
              relay: relayStats,
              drive: {
                orders: drive.orders,
                ok: drive.ok,
                errors: drive.errors,
                tradesPerSec: (committedIds.length * 1000) / drive.sendWindowMs,
                tapeCount: tape,
                orderP50Ms: drive.orderLatency.percentile(50) / 1e3,
                orderP99Ms: drive.orderLatency.percentile(99) / 1e3,
              },
              profile,
              cpuPerKiloDelivery: { ours: profile ? (1000 * profile.fanoutMs) / Math.max(1, ours.delivered) : null, reference: (1000 * refCpuMs) / Math.max(1, reference.delivered) },
            });
          }
          return report(phases, blast, { rate, seconds });
        } finally {
          marks.stop();
          client.close();
        }
      },
    );
  },
};

function report(
  phases: readonly PhaseOutcome[],
  blast: { deliveries: number; expected: number; perSec: number; serverCpuPct: number; clientCpuPct: number } | null,
  config: { rate: number; seconds: number },
): ScenarioOutcome {
  const row = (metric: string, ours: number | string | null, reference: number | string | null, target = '', pass: boolean | null = null): ResultRow => ({
    scenario: 'fanout',
    metric,
    ours,
    reference,
    ratio: typeof ours === 'number' && typeof reference === 'number' && reference !== 0 ? ours / reference : null,
    target,
    pass,
  });
  const rows: ResultRow[] = [];
  for (const ph of phases) {
    const at = `@${ph.subscribers} subs`;
    const o = ph.ours;
    const r = ph.reference;
    const complete = (m: PhaseMeasure) => m.expected > 0 && m.delivered === m.expected && m.duplicates === 0 && m.unexpected === 0;
    rows.push(
      row(`${at}: trade deliveries/s (${o.trades} trades x ${ph.subscribers} in ${(o.windowMs / 1000).toFixed(1)} s)`, o.deliveriesPerSec, r.deliveriesPerSec, `>= ${RATIO_TARGET * 100}% ref`, r.deliveriesPerSec > 0 && o.deliveriesPerSec >= RATIO_TARGET * r.deliveriesPerSec),
      row(`${at}: messages delivered/s (one per 100 ms tick per socket)`, o.messagesPerSec, r.messagesPerSec),
      row(`${at}: delivered / expected (dup ${o.duplicates} / ${r.duplicates})`, o.expected > 0 ? o.delivered / o.expected : 0, r.expected > 0 ? r.delivered / r.expected : 0, '1.0, no dup', complete(o)),
      row(
        `${at}: commit->receipt p99 ms (p50 ${fmtMs(o.p50)} / ${fmtMs(r.p50)}; max ${fmtMs(o.max)} / ${fmtMs(r.max)})`,
        o.p99,
        r.p99,
        ph.subscribers <= 1000 ? `< ${P99_TARGET_MS} ms` : '',
        ph.subscribers <= 1000 ? o.p99 < P99_TARGET_MS : null,
      ),
    );
    for (const t of ph.otherTicks) {
      rows.push(row(`${at}: bare Socket.IO, ${t.tickMs === 0 ? 'no tick' : `${t.tickMs} ms tick`}: commit->receipt p99 ms (p50 ${fmtMs(t.m.p50)}; messages/s ${t.m.messagesPerSec.toFixed(0)}; ${t.m.delivered}/${t.m.expected})`, null, t.m.p99));
    }
    const bo = ph.breakdown.ours;
    const br = ph.breakdown.reference;
    rows.push(
      row(`${at}: ours: commit->relay read p50 / p99 ms (relay batches ${ph.relay.batches}, dispatch p99 ${fmtMs(ph.relay.dispatchP99)} ms)`, `${fmtMs(bo.toRelay.p50)} / ${fmtMs(bo.toRelay.p99)}`, null),
      row(`${at}: relay read (ref: post) -> first receipt p50 / p99 ms (the tick)`, `${fmtMs(bo.toFirst.p50)} / ${fmtMs(bo.toFirst.p99)}`, `${fmtMs(br.toFirst.p50)} / ${fmtMs(br.toFirst.p99)}`),
      row(`${at}: first -> last receipt of a trade over all sockets p50 / p99 ms (the spread)`, `${fmtMs(bo.spread.p50)} / ${fmtMs(bo.spread.p99)}`, `${fmtMs(br.spread.p50)} / ${fmtMs(br.spread.p99)}`),
    );
    rows.push(
      row(`${at}: trade.time->receipt p99 ms (p50 ${fmtMs(o.fromTimeP50)} / ${fmtMs(r.fromTimeP50)})`, o.fromTimeP99, r.fromTimeP99),
      row(`${at}: server CPU ms per 1,000 deliveries (ours: stream code in the app's profile)`, ph.cpuPerKiloDelivery.ours, ph.cpuPerKiloDelivery.reference),
      row(`${at}: server CPU %; event-loop delay p99 ms`, `${o.serverCpuPct.toFixed(0)}%; ${fmtMs(o.serverEldP99)}`, `${r.serverCpuPct.toFixed(0)}%; ${fmtMs(r.serverEldP99)}`),
      row(`${at}: client (bench) CPU %; event-loop delay p99 ms`, `${o.clientCpuPct.toFixed(0)}%; ${fmtMs(o.clientEldP99)}`, `${r.clientCpuPct.toFixed(0)}%; ${fmtMs(r.clientEldP99)}`),
      row(
        `${at}: trades/s committed on ${ph.market} (orders ok ${ph.drive.ok}/${ph.drive.orders}, order p99 ${fmtMs(ph.drive.orderP99Ms)} ms); tape count`,
        `${ph.drive.tradesPerSec.toFixed(1)}; ${ph.drive.tapeCount}`,
        null,
        `${config.rate}/s; tape = ${o.trades}`,
        ph.drive.tapeCount === o.trades,
      ),
    );
  }
  if (blast) {
    rows.push(row(`bare Socket.IO capacity @${phases[0]?.subscribers ?? 0} subs: one-trade messages delivered/s (${blast.deliveries}/${blast.expected})`, null, blast.perSec));
  }
  return {
    rows,
    details: { tradeRate: config.rate, seconds: config.seconds, traders: TRADERS * 2, phases, blast },
  };
}
