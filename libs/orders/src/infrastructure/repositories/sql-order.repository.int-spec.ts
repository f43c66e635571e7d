import { randomUUID } from 'node:crypto';
import { TestDatabase, openTestDatabase } from '@test/test-database';
import { EntityManager } from 'typeorm';
import { OrderStatus, OrderType, OrdersErrorCode, Side, TimeInForce } from '../../domain';
import { NewTrade, StoredOrder, clientOrderKey } from '../../application/ports';
import { SqlOrderRepository } from './sql-order.repository';

/**
 * The orders' SQL on the real PostgreSQL: the batched write of a matching
 * pass and the market versions that guard it (what TurnWriter and the market
 * turns rely on). Every test runs in a transaction rolled back at its end, on
 * markets of its own, so the run's e2e suites never see these rows.
 */
describe('SqlOrderRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let orders: SqlOrderRepository;
  const placedAt = new Date('2026-12-01T12:00:00.000Z');
  const filledAt = new Date('2026-12-01T12:00:01.500Z');

  beforeAll(async () => {
    db = await openTestDatabase();
    orders = new SqlOrderRepository(db.txHost);
  });
  afterAll(async () => {
    await db?.close();
  });

  const market = () => `INT-${randomUUID().slice(0, 8)}`;

  /** A resting limit buy of 5.00 at 101 on a market of 0.01 units, USD holding 505.00 + the 0.2 % taker fee. */
  function order(symbol: string, over: Partial<StoredOrder> = {}): StoredOrder {
    return {
      id: randomUUID(),
      userId: randomUUID(),
      symbol,
      side: Side.BUY,
      type: OrderType.LIMIT,
      timeInForce: TimeInForce.GTC,
      price: 101n,
      quantity: 500n,
      filledQuantity: 0n,
      takerQuote: 0n,
      makerQuote: 0n,
      feePaid: 0n,
      status: OrderStatus.NEW,
      reason: null,
      priority: 1,
      clientOrderId: null,
      reduceOnly: false,
      holdAsset: 'USD',
      holdRemaining: 50_601n,
      makerFeePpm: 1000n,
      takerFeePpm: 2000n,
      createdAt: placedAt,
      updatedAt: placedAt,
      trigger: null,
      goodTill: null,
      listId: null,
      listRole: null,
      ...over,
    };
  }

  const fresh = (...list: StoredOrder[]) => list.map((o) => ({ order: o, isNew: true }));
  const count = async (sql: string, params: readonly unknown[]) => ((await db.txHost.tx.query(sql, [...params])) as { n: number }[])[0]!.n;
  const tradesOf = (symbol: string) => count(`SELECT count(*)::int AS n FROM orders.trades WHERE symbol = $1`, [symbol]);
  const versions = (...entries: [string, bigint][]) => new Map(entries);

  describe('writePass', () => {
    it('inserts the new orders, updates the known ones and inserts the trades in one statement, trades in insertion order', async () => {
      const symbol = market();
      const maker = order(symbol, { side: Side.SELL, price: 100n, quantity: 300n, holdAsset: 'ETH', holdRemaining: 300n, priority: 1 });
      // The taker buys 3.00 at 100 from the maker in two fills (1.00, then 2.00): 300.00 of quote, 0.2 % taker fee, 0.1 % maker fee.
      const taker = order(symbol, {
        quantity: 500n,
        filledQuantity: 300n,
        takerQuote: 30_000n,
        feePaid: 60n,
        status: OrderStatus.PARTIALLY_FILLED,
        holdRemaining: 20_241n,
        priority: 2,
        clientOrderId: 'taker-1',
      });
      const filledMaker: StoredOrder = { ...maker, filledQuantity: 300n, makerQuote: 30_000n, feePaid: 30n, status: OrderStatus.FILLED, holdRemaining: 0n, updatedAt: filledAt };
      const fill = (quantity: bigint, quote: bigint, makerFee: bigint, takerFee: bigint): NewTrade => ({
        symbol,
        price: 100n,
        quantity,
        quote,
        takerSide: Side.BUY,
        makerOrderId: maker.id,
        takerOrderId: taker.id,
        makerUserId: maker.userId,
        takerUserId: taker.userId,
        makerFee,
        takerFee,
        createdAt: filledAt,
      });
      const newTrades = [fill(100n, 10_000n, 10n, 20n), fill(200n, 20_000n, 20n, 40n)];

      await db.rolledBack(async () => {
        expect(await orders.writePass(fresh(maker), [], { bump: versions([symbol, 0n]), unchanged: new Map() })).toEqual({ trades: [], current: true });
        const statements = jest.spyOn(EntityManager.prototype, 'query');
        const written = await orders.writePass([{ order: filledMaker, isNew: false }, { order: taker, isNew: true }], newTrades, {
          bump: versions([symbol, 1n]),
          unchanged: new Map(),
        });
        const sent = statements.mock.calls.length;
        statements.mockRestore();

        expect(sent).toBe(1);
        expect(written).toEqual({ trades: newTrades.map((t) => ({ ...t, id: expect.stringMatching(/^\d+$/) })), current: true });
        expect(BigInt(written.trades[0]!.id)).toBeLessThan(BigInt(written.trades[1]!.id));
        const stored = await orders.findByIds([maker.id, taker.id]);
        expect(stored.sort((x, y) => x.priority - y.priority)).toEqual([filledMaker, taker]);
        expect(await orders.trades({ symbol, limit: 10 })).toEqual([...written.trades].reverse());
        expect(await orders.marketVersion(symbol)).toBe(2n);
      });
    });

    it('writes nothing and says current: false when a market it bumps moved', async () => {
      const symbol = market();
      const placed = order(symbol);
      await db.rolledBack(async () => {
        await orders.bumpMarketVersions([symbol]);
        const written = await orders.writePass(fresh(placed), [], { bump: versions([symbol, 0n]), unchanged: new Map() });

        expect(written).toEqual({ trades: [], current: false });
        expect(await orders.findByIds([placed.id])).toEqual([]);
        expect(await orders.marketVersion(symbol)).toBe(1n);
      });
    });

    it('writes nothing when a market it only read moved (its version is checked, not bumped)', async () => {
      const [written, read] = [market(), market()];
      const placed = order(written);
      await db.rolledBack(async () => {
        await orders.bumpMarketVersions([read, written].sort());
        const outcome = await orders.writePass(fresh(placed), [], { bump: versions([written, 1n]), unchanged: versions([read, 0n]) });

        expect(outcome).toEqual({ trades: [], current: false });
        expect(await orders.findByIds([placed.id])).toEqual([]);
        expect(await orders.marketVersion(read)).toBe(1n);
      });
    });

    it('writes when every market is where the batch expected it: a missing market is version 0, an unchanged one is not bumped', async () => {
      const [written, read, untouched] = [market(), market(), market()];
      const placed = order(written);
      await db.rolledBack(async () => {
        await orders.bumpMarketVersions([read, written].sort());
        const outcome = await orders.writePass(fresh(placed), [], { bump: versions([written, 1n]), unchanged: versions([read, 1n], [untouched, 0n]) });

        expect(outcome).toEqual({ trades: [], current: true });
        expect(await orders.findByIds([placed.id])).toEqual([placed]);
        expect([await orders.marketVersion(written), await orders.marketVersion(read), await orders.marketVersion(untouched)]).toEqual([2n, 1n, 0n]);
      });
    });

    it('without expected versions writes and touches no market row', async () => {
      const symbol = market();
      const placed = order(symbol);
      await db.rolledBack(async () => {
        expect(await orders.writePass(fresh(placed), [])).toEqual({ trades: [], current: true });
        expect(await orders.findByIds([placed.id])).toEqual([placed]);
        expect(await count(`SELECT count(*)::int AS n FROM orders.market_state WHERE symbol = $1`, [symbol])).toBe(0);
        expect(await tradesOf(symbol)).toBe(0);
      });
    });

    it("refuses a user's clientOrderId used by another order (another user's may repeat it)", async () => {
      const symbol = market();
      const first = order(symbol, { clientOrderId: 'mine' });
      const otherUser = order(symbol, { clientOrderId: 'mine' });
      const repeat = order(symbol, { userId: first.userId, clientOrderId: 'mine' });
      await db.rolledBack(async () => {
        await orders.writePass(fresh(first, otherUser), []);
        await expect(orders.writePass(fresh(repeat), [])).rejects.toMatchObject({ code: OrdersErrorCode.CLIENT_ORDER_ID_CONFLICT });
      });
      await db.rolledBack(async () => {
        // Two orders of one batch with one clientOrderId: the same refusal, and neither is written.
        await expect(orders.writePass(fresh(first, repeat), [])).rejects.toMatchObject({ code: OrdersErrorCode.CLIENT_ORDER_ID_CONFLICT });
      });
      expect(await db.query(`SELECT id FROM orders.orders WHERE id = ANY($1::uuid[])`, [[first.id, otherUser.id, repeat.id]])).toEqual([]);
    });
  });

  describe('bumpMarketVersions', () => {
    it('bumps each market by one (a new one to 1) and counts the open orders of the users asked, across markets', async () => {
      const [a, b] = [market(), market()].sort();
      const [alice, bob, carol] = [randomUUID(), randomUUID(), randomUUID()];
      await db.rolledBack(async () => {
        await orders.writePass(
          fresh(
            order(a, { userId: alice, status: OrderStatus.NEW }),
            order(b, { userId: alice, status: OrderStatus.PARTIALLY_FILLED, filledQuantity: 100n }),
            order(a, { userId: alice, status: OrderStatus.FILLED, filledQuantity: 500n, holdRemaining: 0n }),
            order(a, { userId: alice, status: OrderStatus.CANCELED, holdRemaining: 0n }),
            order(b, { userId: bob, status: OrderStatus.NEW }),
            order(b, { userId: carol, status: OrderStatus.REJECTED, holdRemaining: 0n }),
          ),
          [],
        );

        expect(await orders.bumpMarketVersions([a, b])).toEqual({ versions: versions([a, 1n], [b, 1n]), openOrders: new Map() });
        expect(await orders.bumpMarketVersions([a], [alice, bob, carol])).toEqual({ versions: versions([a, 2n]), openOrders: new Map([[alice, 2], [bob, 1]]) });
        expect(await orders.openOrderCounts([alice, bob, carol])).toEqual(new Map([[alice, 2], [bob, 1]]));
        expect([await orders.marketVersion(a), await orders.marketVersion(b)]).toEqual([2n, 1n]);
      });
    });
  });

  describe('ordersByClientOrderIds', () => {
    it('finds the orders of (user, clientOrderId) pairs, keyed by the pair; a pair naming none is absent', async () => {
      const symbol = market();
      const [alice, bob] = [randomUUID(), randomUUID()];
      const aliceA = order(symbol, { userId: alice, clientOrderId: 'a' });
      const aliceB = order(symbol, { userId: alice, clientOrderId: 'b', side: Side.SELL, price: 105n, quantity: 200n, holdAsset: 'ETH', holdRemaining: 200n });
      const bobA = order(symbol, { userId: bob, clientOrderId: 'a', type: OrderType.MARKET, timeInForce: TimeInForce.IOC, price: null });
      await db.rolledBack(async () => {
        await orders.writePass(fresh(aliceA, aliceB, bobA), []);
        const found = await orders.ordersByClientOrderIds([
          { userId: alice, clientOrderId: 'b' },
          { userId: bob, clientOrderId: 'a' },
          { userId: bob, clientOrderId: 'b' },
        ]);

        const named = (o: StoredOrder) => ({ id: o.id, symbol: o.symbol, side: o.side, type: o.type, timeInForce: o.timeInForce, price: o.price, quantity: o.quantity });
        expect([...found.keys()].sort()).toEqual([clientOrderKey(alice, 'b'), clientOrderKey(bob, 'a')].sort());
        expect(found.get(clientOrderKey(alice, 'b'))).toMatchObject(named(aliceB));
        expect(found.get(clientOrderKey(bob, 'a'))).toMatchObject(named(bobA));
      });
    });
  });
});
