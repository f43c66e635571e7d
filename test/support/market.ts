import { Client } from 'pg';
import { Socket, io } from 'socket.io-client';
import type { PricesClientToServerEvents, PricesServerToClientEvents, PriceMessage, SubscriptionAck } from '../../apps/api/src/realtime/prices.events';

export type PricesClient = Socket<PricesServerToClientEvents, PricesClientToServerEvents>;

/**
 * The price feed is one per database (an advisory lock), so a suite that
 * needs its own feed runs on a database of its own next to the run's.
 */
export interface SuiteDatabase {
  readonly url: string;
  create(): Promise<void>;
  drop(): Promise<void>;
  /** Creates it and points TEST_DATABASE_URL at it (apps started after this use it). */
  enter(): Promise<void>;
  /** Points TEST_DATABASE_URL back at the run's database and drops this one (close its apps first). */
  leave(): Promise<void>;
}

export function suiteDatabase(suffix: string): SuiteDatabase {
  const runUrl = process.env.TEST_DATABASE_URL!;
  const url = new URL(runUrl);
  url.pathname = `${url.pathname}_${suffix}`;
  const name = url.pathname.slice(1);
  const admin = async <T>(work: (c: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: runUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  const database = {
    url: url.toString(),
    create: () =>
      admin(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`);
        await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`);
      }),
    drop: async () => {
      if (process.env.KEEP_TEST_DATABASE === '1') return;
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`));
    },
  };
  return {
    ...database,
    enter: async () => {
      await database.create();
      process.env.TEST_DATABASE_URL = database.url;
    },
    leave: async () => {
      process.env.TEST_DATABASE_URL = runUrl;
      await database.drop();
    },
  };
}

export async function connectPrices(baseUrl: string): Promise<PricesClient> {
  const socket: PricesClient = io(`${baseUrl}/prices`, { transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

export function subscribe(socket: PricesClient, symbols: unknown, event: 'subscribe' | 'unsubscribe' = 'subscribe'): Promise<SubscriptionAck> {
  return socket.timeout(5000).emitWithAck(event, { symbols } as never) as Promise<SubscriptionAck>;
}

/** Every `price` message the socket receives from now on. */
export function collectPrices(socket: PricesClient): PriceMessage[] {
  const seen: PriceMessage[] = [];
  socket.on('price', (message) => seen.push(message));
  return seen;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}
