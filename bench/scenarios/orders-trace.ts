import { AppServer } from '../lib/app-server';
import { HttpClient } from '../lib/http-load';
import { BenchUser, MARKETS, MarketDef, Marks, formatUnits, orderRequest, priceAway } from './orders-flow';

/**
 * The statement traces of single orders (orders-http, perp-vs-spot): what one order sends to
 * PostgreSQL while its request waits, and after it.
 */

/** The market of the traced orders and their sizes (`half` is half of `full`, both on its step). */
export interface ShapeOptions {
  readonly market?: MarketDef;
  readonly full?: string;
  readonly half?: string;
}

export interface ShapeTrace {
  readonly label: string;
  readonly fills: number;
  /** Sent while the request waits: the session check, then the order's transaction up to its COMMIT. */
  readonly statements: readonly string[];
  /** Sent in the 300 ms after the answer: the outbox relay and event consumers (and, rarely, a feed tick or a job). */
  readonly after: readonly string[];
}

/**
 * The round trips of single orders on a quiet book: each order alone, every statement sent to
 * PostgreSQL from the request to 150 ms after its answer (the session check, the transaction,
 * the outbox relay). Three repetitions of each case; the shortest trace is kept (a feed tick
 * only adds statements). ETH-USDT (0.01 and 0.005 ETH) unless told otherwise.
 */
export async function traceShapes(
  app: AppServer,
  client: HttpClient,
  users: readonly BenchUser[],
  marks: Marks,
  { market = MARKETS[1]!, full = '0.0100', half = '0.0050' }: ShapeOptions = {},
): Promise<ShapeTrace[]> {
  const mark = marks.get(market.symbol);
  const price = (ppm: number) => formatUnits(priceAway(mark, ppm), market.priceScale);
  const best = new Map<string, ShapeTrace>();
  for (let round = 0; round < 3; round++) {
    const a = users[(2 * round) % users.length]!;
    const b = users[(2 * round + 1) % users.length]!;
    const steps: [string, BenchUser, Parameters<typeof orderRequest>[1]][] = [
      ['LIMIT BUY, rests (no fill)', a, { symbol: market.symbol, side: 'BUY', type: 'LIMIT', quantity: full, price: price(-5_000) }],
      ['LIMIT SELL through it (1 fill, taker filled)', b, { symbol: market.symbol, side: 'SELL', type: 'LIMIT', quantity: full, price: price(-10_000) }],
      ['LIMIT SELL, rests (no fill)', a, { symbol: market.symbol, side: 'SELL', type: 'LIMIT', quantity: full, price: price(5_000) }],
      ['MARKET BUY (1 fill, maker partly filled)', b, { symbol: market.symbol, side: 'BUY', type: 'MARKET', quantity: half }],
      ['LIMIT BUY through it (1 fill, rest rests)', b, { symbol: market.symbol, side: 'BUY', type: 'LIMIT', quantity: full, price: price(8_000) }],
      ['LIMIT SELL through it (1 fill, taker filled) #2', a, { symbol: market.symbol, side: 'SELL', type: 'LIMIT', quantity: half, price: price(-10_000) }],
    ];
    for (const [label, user, body] of steps) {
      await new Promise((r) => setTimeout(r, 300));
      await app.probe('trace-start');
      const r = await client.send(orderRequest(user, body), true);
      await new Promise((r2) => setTimeout(r2, 300));
      const trace = await app.probe('trace-stop');
      if (r.status !== 201) throw new Error(`shape probe "${label}": ${r.status} ${r.body}`);
      const fills = (JSON.parse(r.body!) as { fills: unknown[] }).fills.length;
      const { statements, after } = splitTrace(trace);
      const seen = best.get(label);
      if (seen === undefined || statements.length + after.length / 1000 < seen.statements.length + seen.after.length / 1000) best.set(label, { label, fills, statements, after });
    }
  }
  return [...best.values()].filter((t) => !t.label.endsWith('#2'));
}

/**
 * Splits a trace (`<connection>\t<statement>` in order) into what the request waited for — the
 * order's transaction on its connection (the one that inserted the order), from its first
 * statement to its COMMIT, and whatever other connections sent before that transaction began
 * (the session check, pre-checks) — and everything else (the relay, event consumers). The price
 * feed's tick and the withdrawal job's poll are dropped.
 */
export function splitTrace(trace: readonly string[]): { statements: string[]; after: string[] } {
  const rows = trace.map((line) => {
    const tab = line.indexOf('\t');
    return { conn: line.slice(0, tab), text: line.slice(tab + 1) };
  });
  const background = new Set<number>();
  rows.forEach((r, i) => {
    if (r.text.startsWith('WITH prices AS')) background.add(i);
    if (r.text.includes('"w"."id"') || r.text.includes('wallet.withdrawals')) {
      background.add(i);
      // The job's own transaction around its poll, on the same connection.
      for (let j = i - 1; j >= 0; j--) if (rows[j]!.conn === r.conn) {
        if (rows[j]!.text === 'START TRANSACTION') background.add(j);
        break;
      }
      for (let j = i + 1; j < rows.length; j++) if (rows[j]!.conn === r.conn) {
        if (rows[j]!.text === 'COMMIT') background.add(j);
        break;
      }
    }
  });
  // The orders + trades statement (statement keys are cut at 90 characters: it begins with the version check).
  const insert = rows.findIndex((r) => r.text.includes('INSERT INTO orders.orders') || r.text.startsWith('WITH expected AS ('));
  if (insert < 0) return { statements: [], after: rows.filter((_, i) => !background.has(i)).map((r) => r.text) };
  const conn = rows[insert]!.conn;
  let begin = insert;
  for (let j = insert - 1; j >= 0; j--) if (rows[j]!.conn === conn && !background.has(j)) {
    begin = j;
    if (rows[j]!.text === 'START TRANSACTION') break;
  }
  let commit = rows.length - 1;
  for (let j = insert + 1; j < rows.length; j++) if (rows[j]!.conn === conn && rows[j]!.text === 'COMMIT') {
    commit = j;
    break;
  }
  const isRelay = (t: string) => t.startsWith('SELECT o.id, o.event_id, o.type, o.payload, o.occurred_at, o.tx_id::text AS tx_id') || t.startsWith('UPDATE platform.outbox_relay_cursor SET');
  const statements: string[] = [];
  const after: string[] = [];
  rows.forEach((r, i) => {
    if (background.has(i)) return;
    const inTx = r.conn === conn && i >= begin && i <= commit;
    const before = i < begin && !isRelay(r.text);
    (inTx || before ? statements : after).push(r.text);
  });
  return { statements, after };
}
