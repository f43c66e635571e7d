import type { Socket } from 'socket.io-client';
import { AppServer } from '../lib/app-server';
import { BareIoServer, BareStats, startBareIoServer } from '../lib/bare-io-server';
import { HttpClient } from '../lib/http-load';
import { closeAll, connectMany, connectedCount } from '../lib/io-clients';
import { ProbeStats } from '../lib/server-probe';
import { BenchContext, ResultRow, Scenario, ScenarioOutcome } from '../lib/types';
import { BenchUser, MARKETS, MarketDef, Marks, formatUnits, orderRequest, priceAway } from './orders-flow';
import { ClientMeter, deposit, fmtMs, inPool, percentileOf, registerUsers, sleep, withApp } from './stream-common';

/**
 * Scenario 4 (issue 6): the private stream. Every user has a /user socket (access token in the
 * handshake `auth: {token}`, WebSocket transport, in the bench process) and places orders over
 * HTTP; the orders cross each other so fills happen. Measured: own-event latency (the order's
 * answer -> the user's `order` / `fill` / `balance` events), and that no event reaches a socket
 * whose user it does not concern.
 *
 * The flow: users on the three crypto markets, each user one market and one side (sellers hold
 * the base asset, buyers the quote), every order LIMIT at one price per market (the mark at the
 * start) and the market's minimum size, SELL and BUY alternating: each pair is exactly one trade
 * between two different users, every order fills at most once, and the book stays nearly empty.
 * Deposits differ per user (e.g. 50,000.37 USDT for user 37), so no two users' balances coincide.
 *
 * Commit time of an event: the answer of the request whose transaction wrote it (read by the
 * bench just after the COMMIT: slightly late, so latencies are slightly short; an event can even
 * arrive first, counted as "before the answer"):
 * - `order`: the order's own answer when the event has the answer's state (status, filled);
 *   otherwise (a resting order filled later) the answer that carried the trade that filled it;
 * - `fill`: the answer carrying its `tradeId` (the taker's answer; for the maker too);
 * - `balance` (no order id in it): the user's `order`/`fill` event nearest in `seq` (the outbox
 *   id: one transaction's events are written together) — attributed, not exact.
 *
 * Wrong user: `order` and `fill` by the order id's owner (from the answers); `balance` by the
 * user's own ledger (GET /wallet/history after the run): its transactionId must be one of the
 * user's entries for that asset, and its (available, locked) one of the states the user's
 * account passed through (prefix sums of those entries). Completeness: every order's answer state
 * seen by its owner, two fills per trade, and the newest balance event equal to GET /wallet.
 *
 * Reference in the same run: the bare Socket.IO server (bench/lib/bare-io-server.ts) with the
 * same 500 sockets in their `user:<id>` rooms, replaying every event the app sent, to the same
 * user, at the same offset from the start as its commit time.
 */

const USERS = 500;
const QUICK_USERS = 120;
const RATE = 150;
const QUICK_RATE = 60;
const DURATION_S = 20;
const QUICK_DURATION_S = 5;
const MAX_IN_FLIGHT = 512;
const STREAM_MARKETS = MARKETS.slice(0, 3); // BTC-, ETH-, SOL-USDT

type EventName = 'order' | 'fill' | 'balance';
const EVENT_NAMES: readonly EventName[] = ['order', 'fill', 'balance'];

interface Received {
  readonly socket: number;
  readonly event: EventName;
  readonly seq: number;
  readonly at: number;
  readonly message: Record<string, unknown>;
}

interface OrderMessage {
  readonly seq: number;
  readonly order: { id: string; status: string; filledQuantity: string };
}
interface FillMessage {
  readonly seq: number;
  readonly fill: { tradeId: string; orderId: string };
}
interface BalanceMessage {
  readonly seq: number;
  readonly balance: { account: string; asset: string; available: string; locked: string; total: string; transactionId: string; entryType: string };
}

interface PlacedOrder {
  readonly user: number;
  readonly answeredAt: number;
  readonly status: string;
  readonly filled: string;
  readonly tradeIds: readonly string[];
}

interface HistoryEntry {
  readonly transactionId: string;
  readonly account: string;
  readonly asset: string;
  readonly bucket: 'AVAILABLE' | 'LOCKED';
  readonly amount: string;
  readonly createdAt: string;
}

/** A decimal string as an integer of 10^-18 units (exact for every asset scale here). */
function dec(s: string): bigint {
  const negative = s.startsWith('-');
  const [whole, fraction = ''] = (negative ? s.slice(1) : s).split('.');
  const v = BigInt(`${whole}${fraction.padEnd(18, '0').slice(0, 18)}`);
  return negative ? -v : v;
}

function userPlan(i: number): { market: MarketDef; side: 'SELL' | 'BUY' } {
  return { market: STREAM_MARKETS[i % STREAM_MARKETS.length]!, side: Math.floor(i / STREAM_MARKETS.length) % 2 === 0 ? 'SELL' : 'BUY' };
}

/** Unique per user, within the faucet's daily caps. */
function fundingOf(i: number): [asset: string, amount: string] {
  const { market, side } = userPlan(i);
  if (side === 'BUY') return ['USDT', (50_000 + i / 100).toFixed(2)];
  if (market.base === 'BTC') return ['BTC', (1 + i / 100_000).toFixed(5)];
  if (market.base === 'ETH') return ['ETH', (20 + i / 1000).toFixed(3)];
  return ['SOL', (500 + i / 1000).toFixed(3)];
}

async function getJson<T>(client: HttpClient, user: BenchUser, path: string): Promise<T> {
  const r = await client.send({ method: 'GET', path, headers: { authorization: `Bearer ${user.token}` } }, true);
  if (r.status !== 200 || r.body === null) throw new Error(`GET ${path}: ${r.status} ${r.body}`);
  return JSON.parse(r.body) as T;
}

async function history(client: HttpClient, user: BenchUser): Promise<HistoryEntry[]> {
  const out: HistoryEntry[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const page$: { items: HistoryEntry[]; nextCursor: string | null } = await getJson(client, user, `/api/v1/wallet/history?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    out.push(...page$.items);
    cursor = page$.nextCursor;
    if (!cursor) break;
  }
  return out;
}

interface LatencySet {
  readonly ms: number[];
  before: number;
  unattributed: number;
}

function newSets(): Record<EventName | 'all', LatencySet> {
  return { order: { ms: [], before: 0, unattributed: 0 }, fill: { ms: [], before: 0, unattributed: 0 }, balance: { ms: [], before: 0, unattributed: 0 }, all: { ms: [], before: 0, unattributed: 0 } };
}

function summarize(set: LatencySet): { count: number; p50: number; p99: number; max: number; before: number; unattributed: number } {
  const sorted = [...set.ms].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentileOf(sorted, 50), p99: percentileOf(sorted, 99), max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN, before: set.before, unattributed: set.unattributed };
}

export const privateStreamScenario: Scenario = {
  name: 'private-stream',
  description: '500 users each with a /user socket placing crossing orders: own-event latency, zero events to the wrong user; vs a bare Socket.IO server',
  async run(ctx: BenchContext): Promise<ScenarioOutcome> {
    const quick = ctx.args.quick;
    const userCount = quick ? QUICK_USERS : USERS;
    const rate = quick ? QUICK_RATE : RATE;
    const seconds = ctx.args.durationSec ?? (quick ? QUICK_DURATION_S : DURATION_S);
    ctx.log(`private-stream: ${userCount} users with a /user socket, ${rate} orders/s for ${seconds} s on ${STREAM_MARKETS.map((m) => m.symbol).join(', ')}`);
    let bare: BareIoServer | null = null;
    let sockets: Socket[] = [];
    const meter = new ClientMeter();
    return withApp(
      'private-stream',
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
          const t0 = performance.now();
          const users = await registerUsers(client, userCount, 'stream');
          ctx.log(`private-stream: ${userCount} users registered in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
          await inPool(userCount, 16, (i) => deposit(client, users[i]!, ...fundingOf(i)));

          // Sockets after funding (the deposits' events are not part of the measure).
          let events: Received[] = [];
          const errors: string[] = [];
          const c0 = performance.now();
          sockets = await connectMany({
            port: app.port,
            namespace: '/user',
            count: userCount,
            auth: (i) => ({ token: users[i]!.token }),
            concurrency: 50,
            setup: (s, i) => {
              for (const name of EVENT_NAMES) s.on(name, (m: Record<string, unknown>) => events.push({ socket: i, event: name, seq: Number(m.seq), at: performance.now(), message: m }));
              s.on('error', (e: { code?: string }) => errors.push(`socket ${i}: ${e?.code}`));
            },
          });
          const connectMs = performance.now() - c0;
          ctx.log(`  ${userCount} /user sockets connected in ${(connectMs / 1000).toFixed(1)} s`);
          await sleep(1500);
          events = [];

          // The order flow.
          await marks.refresh();
          const prices = new Map(STREAM_MARKETS.map((m) => [m.symbol, formatUnits(priceAway(marks.get(m.symbol), 0), m.priceScale)]));
          const groups = STREAM_MARKETS.map((_, m) =>
            (['SELL', 'BUY'] as const).map((side) => users.map((_u, i) => i).filter((i) => userPlan(i).market === STREAM_MARKETS[m] && userPlan(i).side === side)),
          );
          const orders = new Map<string, PlacedOrder>();
          const tradeCommit = new Map<string, number>();
          const orderErrors: Record<string, number> = {};
          const answerMs: number[] = [];
          const total = Math.round(rate * seconds);
          const interval = 1000 / rate;
          let inFlight = 0;
          let answered = 0;
          let sent = 0;
          await app.probe('reset');
          await app.probe('relay-start');
          meter.reset();
          const start = performance.now() + 10;
          let allAnswered: () => void = () => undefined;
          const done = new Promise<void>((r) => (allAnswered = r));
          const fire = (k: number, due: number) => {
            if (inFlight >= MAX_IN_FLIGHT) {
              orderErrors.dropped = (orderErrors.dropped ?? 0) + 1;
              answered++;
              return;
            }
            const pair = Math.floor(k / 2);
            const m = pair % STREAM_MARKETS.length;
            const side = k % 2 === 0 ? 0 : 1;
            const group = groups[m]![side]!;
            const u = group[Math.floor(pair / STREAM_MARKETS.length) % group.length]!;
            const market = STREAM_MARKETS[m]!;
            inFlight++;
            const body = { symbol: market.symbol, side: side === 0 ? ('SELL' as const) : ('BUY' as const), type: 'LIMIT' as const, quantity: formatUnits(BigInt(market.minLots), market.quantityScale), price: prices.get(market.symbol)! };
            void client.send(orderRequest(users[u]!, body), true).then((r) => {
              const at = performance.now();
              inFlight--;
              answered++;
              if (r.status === 201 && r.body !== null) {
                answerMs.push(at - due);
                const o = JSON.parse(r.body) as { id: string; status: string; filledQuantity: string; fills: { tradeId: string }[] };
                const tradeIds = o.fills.map((f) => f.tradeId);
                orders.set(o.id, { user: u, answeredAt: at, status: o.status, filled: o.filledQuantity, tradeIds });
                for (const id of tradeIds) if (!tradeCommit.has(id)) tradeCommit.set(id, at);
              } else {
                const key = r.status === 0 ? `network ${r.code}` : `${r.status} ${r.code ?? ''}`.trim();
                orderErrors[key] = (orderErrors[key] ?? 0) + 1;
              }
              if (sent === total && answered === total) allAnswered();
            });
          };
          await new Promise<void>((resolve) => {
            const pump = () => {
              const now = performance.now();
              while (sent < total && start + sent * interval <= now) {
                fire(sent, start + sent * interval);
                sent++;
              }
              if (sent < total) setTimeout(pump, 1);
              else resolve();
            };
            setTimeout(pump, 10);
          });
          if (answered === total) allAnswered();
          await Promise.race([done, sleep(15_000)]);
          // Drain: until no event for 2 s (at most 15 s).
          {
            const deadline = performance.now() + 15_000;
            let n = events.length;
            let changed = performance.now();
            while (performance.now() < deadline && performance.now() - changed < 2000) {
              await sleep(100);
              if (events.length !== n) {
                n = events.length;
                changed = performance.now();
              }
            }
          }
          const server: ProbeStats = await app.probe('stats');
          const clientRead = meter.read();
          const batches = await app.probe('relay-stop');
          const connectedAtEnd = connectedCount(sockets);
          answerMs.sort((a, b) => a - b);
          ctx.log(
            `  ${orders.size}/${total} orders ok (${((orders.size * 1000) / (total * interval)).toFixed(0)}/s), ${tradeCommit.size} trades, errors ${JSON.stringify(orderErrors)}, ` +
              `answer p50 ${fmtMs(percentileOf(answerMs, 50))} p99 ${fmtMs(percentileOf(answerMs, 99))} ms; ${events.length} events received; ` +
              `server CPU ${((100 * (server.cpuUserMs + server.cpuSystemMs)) / server.elapsedMs).toFixed(0)}% ELD p99 ${fmtMs(server.eventLoopDelayMs.p99)} ms, client CPU ${clientRead.cpuPct.toFixed(0)}%`,
          );

          // Ownership, completeness, latency.
          ctx.log('private-stream: reading every user\'s ledger and balances back');
          const ledgers = await inPool(userCount, 16, (i) => history(client, users[i]!));
          const finals = await inPool(userCount, 16, (i) => getJson<{ accounts: { account: string; balances: { asset: string; available: string; locked: string }[] }[] }>(client, users[i]!, '/api/v1/wallet'));
          const check = verify(events, orders, tradeCommit, ledgers, finals);
          // The detector's own test: every event moved to another socket (a balance of a trade to the
          // trade's counterparty, who shares its transactionId and asset; anything else to the next user)
          // must be flagged.
          const txUsers = new Map<string, Set<number>>();
          ledgers.forEach((entries, u) => entries.forEach((e) => txUsers.set(e.transactionId, (txUsers.get(e.transactionId) ?? new Set<number>()).add(u))));
          const tampered = events.map((e) => {
            const tx = e.event === 'balance' ? (e.message as unknown as BalanceMessage).balance.transactionId : undefined;
            const other = tx === undefined ? undefined : [...(txUsers.get(tx) ?? [])].find((u) => u !== e.socket);
            return { ...e, socket: other ?? (e.socket + 1) % userCount };
          });
          const sensitivity = { flagged: verify(tampered, orders, tradeCommit, ledgers, finals).wrong, moved: tampered.length };
          ctx.log(`  detector self-test: ${sensitivity.flagged} of ${sensitivity.moved} events moved to another user flagged`);
          const lat = check.latency;
          for (const name of [...EVENT_NAMES, 'all'] as const) {
            const s = summarize(lat[name]);
            ctx.log(`  ${name}: ${s.count} events, latency p50 ${fmtMs(s.p50)} p99 ${fmtMs(s.p99)} max ${fmtMs(s.max)} ms, ${s.before} before the answer, ${s.unattributed} unattributed`);
          }
          // Where the latency is: commit -> the relay's read of the event's outbox row -> receipt.
          const readAt = new Map<number, number>();
          for (const b of batches) for (const row of b.rows) if (!readAt.has(Number(row.id))) readAt.set(Number(row.id), b.readAt - performance.timeOrigin);
          const toRelay: number[] = [];
          const fromRelay: number[] = [];
          for (const e of check.replay) {
            const read = readAt.get(e.seq);
            if (read === undefined) continue;
            toRelay.push(read - e.commit);
            fromRelay.push(e.at - read);
          }
          toRelay.sort((a, b) => a - b);
          fromRelay.sort((a, b) => a - b);
          const dispatch = batches.filter((b) => b.markAt !== null).map((b) => b.markAt! - b.readAt).sort((a, b) => a - b);
          const rowsPerBatch = batches.map((b) => b.rows.length).sort((a, b) => a - b);
          const relay = {
            batches: batches.length,
            rows: rowsPerBatch.reduce((a, b) => a + b, 0),
            rowsP50: percentileOf(rowsPerBatch, 50),
            rowsMax: rowsPerBatch[rowsPerBatch.length - 1] ?? 0,
            dispatchP50: percentileOf(dispatch, 50),
            dispatchP99: percentileOf(dispatch, 99),
            dispatchMax: dispatch[dispatch.length - 1] ?? Number.NaN,
            toRelayP50: percentileOf(toRelay, 50),
            toRelayP99: percentileOf(toRelay, 99),
            fromRelayP50: percentileOf(fromRelay, 50),
            fromRelayP99: percentileOf(fromRelay, 99),
            matched: toRelay.length,
          };
          ctx.log(
            `  commit->relay read p50 ${fmtMs(relay.toRelayP50)} p99 ${fmtMs(relay.toRelayP99)} ms; relay read->receipt p50 ${fmtMs(relay.fromRelayP50)} p99 ${fmtMs(relay.fromRelayP99)} ms (${relay.matched} events); ` +
              `relay: ${relay.batches} batches, ${relay.rows} rows (p50 ${relay.rowsP50}, max ${relay.rowsMax}), dispatch p50 ${fmtMs(relay.dispatchP50)} p99 ${fmtMs(relay.dispatchP99)} max ${fmtMs(relay.dispatchMax)} ms`,
          );
          ctx.log(`  wrong user: ${check.wrong} (${check.wrongExamples.slice(0, 3).join('; ') || 'none'}); unknown order ids ${check.unknownOrders}; missing: ${JSON.stringify(check.missing)}`);
          closeAll(sockets);
          sockets = [];

          // The reference: the same events to the same users' rooms at the same offsets.
          ctx.log(`private-stream: bare Socket.IO reference, ${userCount} sockets, ${check.replay.length} events replayed`);
          const refAt = new Map<string, number>();
          const refMs: number[] = [];
          let refWrong = 0;
          let refDup = 0;
          sockets = await connectMany({
            port: bare!.port,
            namespace: '/user',
            count: userCount,
            auth: (i) => ({ token: users[i]!.id }),
            concurrency: 50,
            setup: (s, i) => {
              for (const name of EVENT_NAMES)
                s.on(name, (m: { seq: number }) => {
                  const now = performance.now();
                  const key = `${i}:${name}:${m.seq}`;
                  const sentAt = refAt.get(key);
                  if (sentAt === undefined) refWrong++;
                  else if (Number.isNaN(sentAt)) refDup++;
                  else {
                    refMs.push(now - sentAt);
                    refAt.set(key, Number.NaN);
                  }
                });
            },
          });
          await sleep(1000);
          await bare!.reset();
          meter.reset();
          const replay = check.replay.sort((a, b) => a.offset - b.offset);
          const r0 = performance.now() + 10;
          await new Promise<void>((resolve) => {
            let k = 0;
            const pump = () => {
              const now = performance.now();
              while (k < replay.length && r0 + replay[k]!.offset <= now) {
                const e = replay[k]!;
                refAt.set(`${e.socket}:${e.event}:${e.seq}`, performance.now());
                bare!.post({ cmd: 'user', userId: users[e.socket]!.id, event: e.event, message: e.message });
                k++;
              }
              if (k < replay.length) setTimeout(pump, 1);
              else resolve();
            };
            setTimeout(pump, 10);
          });
          {
            const deadline = performance.now() + 10_000;
            while (refMs.length < replay.length && performance.now() < deadline) await sleep(100);
          }
          const refStats: BareStats = await bare!.stats();
          const refClient = meter.read();
          refMs.sort((a, b) => a - b);
          const ref = { count: refMs.length, expected: replay.length, p50: percentileOf(refMs, 50), p99: percentileOf(refMs, 99), max: refMs[refMs.length - 1] ?? Number.NaN, wrong: refWrong, duplicates: refDup, serverCpuPct: (100 * (refStats.cpuUserMs + refStats.cpuSystemMs)) / refStats.elapsedMs, clientCpuPct: refClient.cpuPct };
          ctx.log(`  reference: ${ref.count}/${ref.expected} delivered, p50 ${fmtMs(ref.p50)} p99 ${fmtMs(ref.p99)} max ${fmtMs(ref.max)} ms, wrong ${refWrong}, server CPU ${ref.serverCpuPct.toFixed(0)}%, client CPU ${ref.clientCpuPct.toFixed(0)}%`);
          closeAll(sockets);
          sockets = [];

          return report({
            userCount,
            rate,
            seconds,
            connectMs,
            connectedAtEnd,
            socketErrors: errors,
            ordersOk: orders.size,
            ordersTotal: total,
            trades: tradeCommit.size,
            orderErrors,
            answerP50: percentileOf(answerMs, 50),
            answerP99: percentileOf(answerMs, 99),
            events: events.length,
            check,
            sensitivity,
            relay,
            ref,
            server: { cpuPct: (100 * (server.cpuUserMs + server.cpuSystemMs)) / server.elapsedMs, eldP99: server.eventLoopDelayMs.p99, queries: server.queries },
            client: clientRead,
          });
        } finally {
          marks.stop();
          client.close();
        }
      },
    );
  },
};

interface Check {
  readonly latency: Record<EventName | 'all', LatencySet>;
  readonly wrong: number;
  readonly wrongExamples: string[];
  readonly unknownOrders: number;
  readonly missing: { orderStates: number; fills: number; balancesNotFinal: number; duplicates: number };
  readonly fillsReceived: number;
  readonly fillsExpected: number;
  readonly ordersSeen: number;
  readonly balanceChecked: number;
  /** Every attributed event, for the reference's replay. */
  readonly replay: { socket: number; event: EventName; seq: number; offset: number; commit: number; at: number; message: Record<string, unknown> }[];
}

function verify(
  events: readonly Received[],
  orders: ReadonlyMap<string, PlacedOrder>,
  tradeCommit: ReadonlyMap<string, number>,
  ledgers: readonly HistoryEntry[][],
  finals: readonly { accounts: { account: string; balances: { asset: string; available: string; locked: string }[] }[] }[],
): Check {
  const latency = newSets();
  const wrongExamples: string[] = [];
  let wrong = 0;
  let unknownOrders = 0;
  let duplicates = 0;
  const flag = (text: string) => {
    wrong++;
    if (wrongExamples.length < 10) wrongExamples.push(text);
  };
  const seen = new Set<string>();
  // Fills by order (every socket's), to attribute a later `order` event of a resting order.
  const laterTrades = new Map<string, Set<string>>();
  for (const e of events) {
    if (e.event !== 'fill') continue;
    const f = (e.message as unknown as FillMessage).fill;
    const own = orders.get(f.orderId);
    if (own && !own.tradeIds.includes(f.tradeId)) {
      const set = laterTrades.get(f.orderId) ?? new Set<string>();
      set.add(f.tradeId);
      laterTrades.set(f.orderId, set);
    }
  }
  const perSocketSeqs = new Map<number, { seq: number; commit: number }[]>();
  const record = (e: Received, commit: number | undefined) => {
    if (commit === undefined) {
      latency[e.event].unattributed++;
      latency.all.unattributed++;
      return;
    }
    const ms = e.at - commit;
    for (const set of [latency[e.event], latency.all]) {
      set.ms.push(ms);
      if (ms < 0) set.before++;
    }
  };
  const replay: Check['replay'] = [];
  const firstCommit = Math.min(...[...orders.values()].map((o) => o.answeredAt));
  const attributed = new Map<Received, number>();
  const orderStatesSeen = new Set<string>();
  let fillsReceived = 0;

  for (const e of events) {
    const key = `${e.socket}:${e.event}:${e.seq}`;
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    if (e.event === 'order') {
      const o = (e.message as unknown as OrderMessage).order;
      const placed = orders.get(o.id);
      if (!placed) {
        unknownOrders++;
        continue;
      }
      if (placed.user !== e.socket) flag(`order ${o.id} of user #${placed.user} to socket #${e.socket}`);
      let commit: number | undefined;
      if (o.status === placed.status && o.filledQuantity === placed.filled) {
        commit = placed.answeredAt;
        orderStatesSeen.add(o.id);
      } else {
        const later = laterTrades.get(o.id);
        if (later && later.size === 1) commit = tradeCommit.get([...later][0]!);
      }
      record(e, commit);
      if (commit !== undefined) attributed.set(e, commit);
    } else if (e.event === 'fill') {
      const f = (e.message as unknown as FillMessage).fill;
      fillsReceived++;
      const placed = orders.get(f.orderId);
      if (!placed) {
        unknownOrders++;
        continue;
      }
      if (placed.user !== e.socket) flag(`fill ${f.tradeId} of order ${f.orderId} (user #${placed.user}) to socket #${e.socket}`);
      const commit = tradeCommit.get(f.tradeId);
      record(e, commit);
      if (commit !== undefined) attributed.set(e, commit);
    }
  }
  for (const [e, commit] of attributed) {
    const list = perSocketSeqs.get(e.socket) ?? [];
    list.push({ seq: e.seq, commit });
    perSocketSeqs.set(e.socket, list);
  }
  for (const list of perSocketSeqs.values()) list.sort((a, b) => a.seq - b.seq);

  // Balances: the owner's ledger, and the owner's states.
  const statesOf = new Map<string, Set<string>>(); // `${socket}:${asset}` -> `${available}/${locked}` reachable
  const txOf = new Map<string, Set<string>>(); // `${socket}:${asset}` -> transaction ids
  ledgers.forEach((entries, socket) => {
    const byAsset = new Map<string, HistoryEntry[]>();
    for (const entry of entries) {
      if (entry.account !== 'SPOT') continue;
      const list = byAsset.get(entry.asset) ?? [];
      list.push(entry);
      byAsset.set(entry.asset, list);
    }
    for (const [asset, list] of byAsset) {
      // Group by transaction, in time order; states after each transaction.
      const groups = new Map<string, { t: number; available: bigint; locked: bigint }>();
      for (const entry of list) {
        const g = groups.get(entry.transactionId) ?? { t: Date.parse(entry.createdAt), available: 0n, locked: 0n };
        g.t = Math.min(g.t, Date.parse(entry.createdAt));
        if (entry.bucket === 'AVAILABLE') g.available += dec(entry.amount);
        else g.locked += dec(entry.amount);
        groups.set(entry.transactionId, g);
      }
      const states = new Set<string>();
      let available = 0n;
      let locked = 0n;
      for (const g of [...groups.values()].sort((a, b) => a.t - b.t)) {
        available += g.available;
        locked += g.locked;
        states.add(`${available}/${locked}`);
      }
      statesOf.set(`${socket}:${asset}`, states);
      txOf.set(`${socket}:${asset}`, new Set(groups.keys()));
    }
  });
  const newest = new Map<string, { seq: number; state: string }>();
  let balanceChecked = 0;
  const seenBalance = new Set<string>();
  for (const e of events) {
    if (e.event !== 'balance') continue;
    const key = `${e.socket}:${e.seq}`;
    if (seenBalance.has(key)) continue;
    seenBalance.add(key);
    const b = (e.message as unknown as BalanceMessage).balance;
    const slot = `${e.socket}:${b.asset}`;
    const state = `${dec(b.available)}/${dec(b.locked)}`;
    balanceChecked++;
    if (!txOf.get(slot)?.has(b.transactionId)) flag(`balance ${b.asset} tx ${b.transactionId} (${b.entryType}) not in socket #${e.socket}'s ledger`);
    else if (!statesOf.get(slot)?.has(state)) flag(`balance ${b.asset} ${b.available}/${b.locked} (tx ${b.transactionId}) never a state of socket #${e.socket}'s account`);
    const last = newest.get(slot);
    if (!last || e.seq > last.seq) newest.set(slot, { seq: e.seq, state });
    // Latency: the same user's order/fill event nearest in seq.
    const list = perSocketSeqs.get(e.socket) ?? [];
    let best: { seq: number; commit: number } | undefined;
    for (const x of list) if (!best || Math.abs(x.seq - e.seq) < Math.abs(best.seq - e.seq)) best = x;
    const commit = best && Math.abs(best.seq - e.seq) <= 64 ? best.commit : undefined;
    record(e, commit);
    if (commit !== undefined) attributed.set(e, commit);
  }
  let balancesNotFinal = 0;
  for (const [slot, { state }] of newest) {
    const [socket, asset] = slot.split(':');
    const spot = finals[Number(socket)]?.accounts.find((a) => a.account === 'SPOT');
    const b = spot?.balances.find((x) => x.asset === asset);
    if (!b || `${dec(b.available)}/${dec(b.locked)}` !== state) balancesNotFinal++;
  }
  let orderStatesMissing = 0;
  for (const id of orders.keys()) if (!orderStatesSeen.has(id)) orderStatesMissing++;
  const fillsExpected = 2 * tradeCommit.size;
  for (const [e, commit] of attributed) replay.push({ socket: e.socket, event: e.event, seq: e.seq, offset: commit - firstCommit, commit, at: e.at, message: e.message });
  return {
    latency,
    wrong,
    wrongExamples,
    unknownOrders,
    missing: { orderStates: orderStatesMissing, fills: Math.max(0, fillsExpected - fillsReceived), balancesNotFinal, duplicates },
    fillsReceived,
    fillsExpected,
    ordersSeen: orderStatesSeen.size,
    balanceChecked,
    replay,
  };
}

interface ReportInput {
  readonly userCount: number;
  readonly rate: number;
  readonly seconds: number;
  readonly connectMs: number;
  readonly connectedAtEnd: number;
  readonly socketErrors: readonly string[];
  readonly ordersOk: number;
  readonly ordersTotal: number;
  readonly trades: number;
  readonly orderErrors: Record<string, number>;
  readonly answerP50: number;
  readonly answerP99: number;
  readonly events: number;
  readonly check: Check;
  readonly sensitivity: { flagged: number; moved: number };
  readonly relay: { batches: number; rows: number; rowsP50: number; rowsMax: number; dispatchP50: number; dispatchP99: number; dispatchMax: number; toRelayP50: number; toRelayP99: number; fromRelayP50: number; fromRelayP99: number; matched: number };
  readonly ref: { count: number; expected: number; p50: number; p99: number; max: number; wrong: number; duplicates: number; serverCpuPct: number; clientCpuPct: number };
  readonly server: { cpuPct: number; eldP99: number; queries: number };
  readonly client: { cpuPct: number; eldP99Ms: number };
}

function report(i: ReportInput): ScenarioOutcome {
  const row = (metric: string, ours: number | string | null, reference: number | string | null, target = '', pass: boolean | null = null): ResultRow => ({
    scenario: 'private-stream',
    metric,
    ours,
    reference,
    ratio: typeof ours === 'number' && typeof reference === 'number' && reference !== 0 ? ours / reference : null,
    target,
    pass,
  });
  const all = summarize(i.check.latency.all);
  const m = i.check.missing;
  const rows: ResultRow[] = [
    row(
      `orders ok / offered (${i.rate}/s x ${i.seconds} s, ${i.userCount} users; ${i.trades} trades; answer p50 ${fmtMs(i.answerP50)} p99 ${fmtMs(i.answerP99)} ms)`,
      `${i.ordersOk} / ${i.ordersTotal}`,
      null,
      '0 errors',
      Object.keys(i.orderErrors).length === 0,
    ),
    row(`own-event latency p99 ms, all ${all.count} events (p50 ${fmtMs(all.p50)} / ${fmtMs(i.ref.p50)}; max ${fmtMs(all.max)} / ${fmtMs(i.ref.max)})`, all.p99, i.ref.p99),
  ];
  for (const name of EVENT_NAMES) {
    const s = summarize(i.check.latency[name]);
    rows.push(row(`  ${name}: p50 / p99 ms (${s.count} events; ${s.before} before the answer; ${s.unattributed} unattributed)`, `${fmtMs(s.p50)} / ${fmtMs(s.p99)}`, null));
  }
  rows.push(
    row(`  commit -> relay read of the outbox row, p50 / p99 ms (${i.relay.matched} events)`, `${fmtMs(i.relay.toRelayP50)} / ${fmtMs(i.relay.toRelayP99)}`, null),
    row(`  relay read -> receipt (dispatch, emit, client), p50 / p99 ms`, `${fmtMs(i.relay.fromRelayP50)} / ${fmtMs(i.relay.fromRelayP99)}`, null),
    row(`  relay: batches; rows p50 / max; dispatch (read -> marked) p50 / p99 / max ms`, `${i.relay.batches}; ${i.relay.rowsP50} / ${i.relay.rowsMax}; ${fmtMs(i.relay.dispatchP50)} / ${fmtMs(i.relay.dispatchP99)} / ${fmtMs(i.relay.dispatchMax)}`, null),
    row(`events to the wrong user (${i.events} received; ${i.check.balanceChecked} balances checked against the owner's ledger)`, i.check.wrong, i.ref.wrong, '0', i.check.wrong === 0 && i.check.unknownOrders === 0),
    row(`detector self-test: events moved to another user (trade balances to the counterparty) that are flagged`, i.sensitivity.flagged, i.sensitivity.moved, 'all', i.sensitivity.moved > 0 && i.sensitivity.flagged === i.sensitivity.moved),
    row(
      `missing: order answer states unseen; fills (${i.check.fillsReceived}/${i.check.fillsExpected}); newest balance != GET /wallet; duplicates`,
      `${m.orderStates}; ${m.fills}; ${m.balancesNotFinal}; ${m.duplicates}`,
      `${i.ref.expected - i.ref.count}; -; -; ${i.ref.duplicates}`,
      '0; 0; 0; 0',
      m.orderStates === 0 && m.fills === 0 && m.balancesNotFinal === 0 && m.duplicates === 0,
    ),
    row(`sockets connected at the end / users (connect ${(i.connectMs / 1000).toFixed(1)} s; socket errors ${i.socketErrors.length})`, i.connectedAtEnd, i.userCount, '= users', i.connectedAtEnd === i.userCount && i.socketErrors.length === 0),
    row('server CPU %; event-loop delay p99 ms', `${i.server.cpuPct.toFixed(0)}%; ${fmtMs(i.server.eldP99)}`, `${i.ref.serverCpuPct.toFixed(0)}%`),
    row('client (bench) CPU %', i.client.cpuPct, i.ref.clientCpuPct),
  );
  const lat = (name: EventName | 'all') => summarize(i.check.latency[name]);
  return {
    rows,
    details: {
      users: i.userCount,
      rate: i.rate,
      seconds: i.seconds,
      markets: STREAM_MARKETS.map((x) => x.symbol),
      orders: { ok: i.ordersOk, offered: i.ordersTotal, errors: i.orderErrors, answerP50Ms: i.answerP50, answerP99Ms: i.answerP99 },
      trades: i.trades,
      events: i.events,
      latencyMs: { all: lat('all'), order: lat('order'), fill: lat('fill'), balance: lat('balance') },
      wrongUser: { count: i.check.wrong, examples: i.check.wrongExamples, unknownOrderIds: i.check.unknownOrders, selfTest: i.sensitivity },
      missing: i.check.missing,
      relay: i.relay,
      reference: i.ref,
      server: i.server,
      client: i.client,
      socketErrors: i.socketErrors.slice(0, 20),
    },
  };
}
