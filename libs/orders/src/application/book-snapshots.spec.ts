import { OrderBook, OrderType, Side, TimeInForce } from '../domain';
import { BookSnapshots } from './book-snapshots';
import { OrderRepository, StoredOrder } from './ports';

function resting(id: string, side: Side, price: bigint, quantity: bigint, priority: number): StoredOrder {
  return { id, userId: 'u1', side, price, quantity, filledQuantity: 0n, timeInForce: TimeInForce.GTC, priority } as unknown as StoredOrder;
}

function fakeOrders(state: { version: bigint; open: StoredOrder[] }) {
  const calls = { versions: 0, opens: 0 };
  const orders = {
    marketVersion: async () => {
      calls.versions += 1;
      await new Promise((r) => setImmediate(r));
      return state.version;
    },
    openInMarket: async () => {
      calls.opens += 1;
      await new Promise((r) => setImmediate(r));
      return state.open;
    },
  } as unknown as OrderRepository;
  return { orders, calls };
}

describe('BookSnapshots', () => {
  it('serves the snapshot the lane recorded while the database is at its version, without reading the orders', async () => {
    const state = { version: 4n, open: [] as StoredOrder[] };
    const { orders, calls } = fakeOrders(state);
    const snapshots = new BookSnapshots(orders);
    const book = new OrderBook('BTC-USDT');
    book.place({ id: 'a', ownerId: 'u1', side: Side.BUY, price: 100n, quantity: 2n, type: OrderType.LIMIT, timeInForce: TimeInForce.GTC });
    snapshots.record('BTC-USDT', 4n, book);
    const [first, second] = await Promise.all([snapshots.current('BTC-USDT'), snapshots.current('BTC-USDT')]);
    expect(first).toBe(second);
    expect(first).toMatchObject({ version: 4n, seq: book.seq, depth: { bids: [{ price: 100n, quantity: 2n }], asks: [] } });
    // Concurrent readers share one version read; no open-order read.
    expect(calls).toEqual({ versions: 1, opens: 0 });
  });

  it('rebuilds from the open orders, once for every reader, when the database is ahead (another instance wrote)', async () => {
    const state = { version: 4n, open: [] as StoredOrder[] };
    const { orders, calls } = fakeOrders(state);
    const snapshots = new BookSnapshots(orders);
    const lane = new OrderBook('BTC-USDT');
    snapshots.record('BTC-USDT', 4n, lane);
    state.version = 6n;
    state.open = [resting('b', Side.SELL, 110n, 3n, 1), resting('c', Side.SELL, 110n, 1n, 2), resting('d', Side.BUY, 90n, 1n, 3)];
    const reads = await Promise.all([1, 2, 3].map(() => snapshots.current('BTC-USDT')));
    expect(new Set(reads).size).toBe(1);
    expect(reads[0]).toMatchObject({
      version: 6n,
      // The lane's next batch rebuilds its book (seq + 1) before changing it: the deltas continue from here.
      seq: lane.seq + 1,
      depth: { bids: [{ price: 90n, quantity: 1n }], asks: [{ price: 110n, quantity: 4n }] },
    });
    expect(calls.opens).toBe(1);
    // The lane's book of that version replaces it; an older record never does.
    snapshots.record('BTC-USDT', 5n, lane);
    expect(snapshots.held('BTC-USDT')?.version).toBe(6n);
  });

  it('starts from nothing: a market never loaded here is read from the database', async () => {
    const { orders } = fakeOrders({ version: 0n, open: [] });
    const snapshot = await new BookSnapshots(orders).current('ETH-USDT');
    expect(snapshot).toMatchObject({ symbol: 'ETH-USDT', version: 0n, seq: 1, depth: { bids: [], asks: [] } });
  });
});
