import fc from 'fast-check';
import { MarginMode } from '@lib/positions';
import { Side } from '../../domain';
import { Decision } from '../turns/turn-command';
import { decideAmend } from './amend.decider';
import { decideCancel } from './cancel.decider';
import { decideLeverage, decideMarginMode, decideMoveMargin } from './position-settings.decider';
import { MARK, PERP, PerpScenario, dollars, legsOf, perpLedgerEffect, perpLimit, perpMarket, usdt } from './testing/perp-scenario';

/*
 * Random sequences of commands on BTC-PERP among four traders (limit and
 * market orders, some reduce-only; cancels, amends, leverage, margin mode,
 * margin moves, mark moves), each decided as a batch of its own through
 * PerpScenario (the real deciders, Batch, PerpPositions, entryOf), with the
 * money rules of docs/positions.md checked after every step.
 *
 * A decision the real ledger would refuse: the deciders check holds against
 * the available margin at the mark, but a fill's realized loss and fee are
 * paid from AVAILABLE, and a resting order may fill far from the mark (or an
 * isolated position lose more than its margin: there is no liquidation
 * here, issue 15), so a decision can post AVAILABLE below zero. The wallet
 * refuses that (accounts_available_check) and the batch rolls back: here
 * the command is treated as refused, and the scenario rebuilt by replaying
 * the commands kept before it. With these funds, leverages and mark moves
 * (3%) it was never seen in thousands of runs; with 20% mark moves it is
 * (place-perp.gaps.spec.ts has one, exact). LOCKED, which only ever
 * holds orders' holds and isolated margins, must never go negative: that is
 * asserted, not rolled back.
 */

const USERS = ['u0', 'u1', 'u2', 'u3'];
const FUNDS = usdt(3_000n);

type Command =
  | { readonly kind: 'place'; readonly user: number; readonly side: Side; readonly market: boolean; readonly offset: number; readonly quantity: number; readonly reduceOnly: boolean }
  | { readonly kind: 'cancel'; readonly user: number; readonly pick: number }
  | { readonly kind: 'amend'; readonly user: number; readonly pick: number; readonly offset: number | null; readonly quantity: number | null }
  | { readonly kind: 'leverage'; readonly user: number; readonly leverage: number }
  | { readonly kind: 'mode'; readonly user: number; readonly mode: MarginMode }
  | { readonly kind: 'margin'; readonly user: number; readonly amount: number; readonly add: boolean }
  | { readonly kind: 'mark'; readonly offset: number };

const user = fc.integer({ min: 0, max: USERS.length - 1 });
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('place' as const),
      user,
      side: fc.constantFrom(Side.BUY, Side.SELL),
      market: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
      offset: fc.integer({ min: -150, max: 100 }),
      quantity: fc.integer({ min: 1, max: 2000 }),
      reduceOnly: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), user, pick: fc.nat(20) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('amend' as const),
      user,
      pick: fc.nat(20),
      offset: fc.option(fc.integer({ min: -150, max: 150 })),
      quantity: fc.option(fc.integer({ min: 1, max: 2500 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('leverage' as const), user, leverage: fc.integer({ min: 1, max: 50 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('mode' as const), user, mode: fc.constantFrom<MarginMode>('CROSS', 'ISOLATED', 'ISOLATED') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('margin' as const), user, amount: fc.integer({ min: 1, max: 500 }), add: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('mark' as const), offset: fc.integer({ min: -1500, max: 1500 }) }) },
);

/** Four traders with 20 000 USDT each; u2 and u3 start ISOLATED. */
function fresh(): PerpScenario {
  const s = new PerpScenario(Object.fromEntries(USERS.map((u) => [u, FUNDS])));
  for (const u of ['u2', 'u3']) if (s.run((x) => decideMarginMode(PERP, u, 'ISOLATED', x.market, x.facts)).kind !== 'accepted') throw new Error('setup');
  return s;
}

/** A scenario with what the checks need besides it: each user's realized PnL and fees so far, and the commands it kept (all but those the ledger would refuse). */
class Run {
  s = fresh();
  realized = new Map<string, bigint>();
  fees = new Map<string, bigint>();
  accepted: Command[] = [];

  /** Runs a command; one the ledger would refuse is undone (the scenario replayed without it). */
  step(c: Command): void {
    const decision = this.decide(c);
    if (decision?.kind !== 'accepted') {
      this.accepted.push(c);
      return;
    }
    if (USERS.some((u) => this.s.ledger.available(u) < 0n)) {
      const replay = this.accepted;
      Object.assign(this, { s: fresh(), realized: new Map(), fees: new Map(), accepted: [] });
      for (const earlier of replay) this.step(earlier);
      return;
    }
    this.accepted.push(c);
    // Each decision is balanced on its own.
    expect(Object.values(perpLedgerEffect(decision)).reduce((a, b) => a + b, 0n)).toBe(0n);
    for (const [userId, , , realized, fee] of legsOf(decision)) {
      this.realized.set(userId, (this.realized.get(userId) ?? 0n) + realized);
      this.fees.set(userId, (this.fees.get(userId) ?? 0n) + fee);
    }
  }

  private decide(c: Command): Decision<unknown> | null {
    const s = this.s;
    const mark = s.marks.get(PERP.symbol)!;
    switch (c.kind) {
      case 'place': {
        const userId = USERS[c.user]!;
        const order = c.market
          ? perpMarket(userId, c.side, BigInt(c.quantity), mark, { reduceOnly: c.reduceOnly })
          : perpLimit(userId, c.side, mark + dollars(BigInt((c.side === Side.BUY) !== c.reduceOnly ? c.offset : -c.offset)), BigInt(c.quantity), { reduceOnly: c.reduceOnly });
        return s.place(order);
      }
      case 'cancel': {
        const open = s.openOrdersOf(USERS[c.user]!);
        if (open.length === 0) return null;
        return s.run((x) => decideCancel(PERP, open[c.pick % open.length]!.state.id, x.market, x.facts));
      }
      case 'amend': {
        const open = s.openOrdersOf(USERS[c.user]!);
        if (open.length === 0) return null;
        const o = open[c.pick % open.length]!.state;
        const price = c.offset === null ? undefined : mark + dollars(BigInt(c.offset));
        const quantity = c.quantity === null ? undefined : o.filledQuantity + BigInt(c.quantity);
        return s.run((x) => decideAmend({ spec: PERP, orderId: o.id, price, quantity, mark }, x.market, x.facts));
      }
      case 'leverage':
        return s.run((x) => decideLeverage(PERP, USERS[c.user]!, c.leverage, x.market, x.facts));
      case 'mode':
        return s.run((x) => decideMarginMode(PERP, USERS[c.user]!, c.mode, x.market, x.facts));
      case 'margin':
        return s.run((x) => decideMoveMargin(PERP, USERS[c.user]!, usdt(BigInt(c.amount)), c.add ? 'ADD' : 'REMOVE', x.market, x.facts));
      case 'mark':
        s.marks.set(PERP.symbol, MARK + dollars(BigInt(c.offset)));
        return null;
    }
  }

  /** The money rules, on the scenario as it stands. */
  check(): void {
    const { s } = this;
    const rows = USERS.map((u) => s.rows.get(u)).filter((r) => r !== undefined);
    // Open interest is balanced.
    expect(rows.reduce((sum, r) => sum + r.position.size, 0n)).toBe(0n);
    // CLEARING holds Σ entryValue of shorts - Σ entryValue of longs.
    const clearing = rows.reduce((sum, r) => sum + (r.position.size < 0n ? r.position.entryValue : -r.position.entryValue), 0n);
    expect(s.ledger.get('CLEARING')).toBe(clearing);
    // Nothing was made or lost: every posting had its counterpart.
    expect([...s.ledger.balances.values()].reduce((a, b) => a + b, 0n)).toBe(FUNDS * BigInt(USERS.length));
    for (const u of USERS) {
      const row = s.rows.get(u);
      const size = row?.position.size ?? 0n;
      const isolated = row?.isolatedMargin ?? 0n;
      const open = s.openOrdersOf(u);
      expect(s.ledger.available(u)).toBeGreaterThanOrEqual(0n);
      expect(s.ledger.locked(u)).toBeGreaterThanOrEqual(0n);
      expect(isolated).toBeGreaterThanOrEqual(0n);
      if (row?.marginMode !== 'ISOLATED' || size === 0n) expect(isolated).toBe(0n);
      if (size === 0n) expect(row?.position.entryValue ?? 0n).toBe(0n);
      // LOCKED is what the open orders still hold plus the isolated margin.
      expect(s.ledger.locked(u)).toBe(open.reduce((sum, o) => sum + o.state.holdRemaining, 0n) + isolated);
      // The account changed by the PnL it realized less its fees, to the unit.
      expect(s.ledger.available(u) + s.ledger.locked(u) - FUNDS).toBe((this.realized.get(u) ?? 0n) - (this.fees.get(u) ?? 0n));
      // No resting reduce-only order can increase the position.
      const reduceOnly = open.filter((o) => o.state.reduceOnly);
      const closing = size > 0n ? Side.SELL : size < 0n ? Side.BUY : null;
      for (const o of reduceOnly) expect(o.state.side).toBe(closing);
      expect(reduceOnly.reduce((sum, o) => sum + o.remaining, 0n)).toBeLessThanOrEqual(size < 0n ? -size : size);
      // A reduce-only order holds nothing.
      for (const o of reduceOnly) expect(o.state.holdRemaining).toBe(0n);
    }
  }
}

describe('decidePerpPlace: the money rules hold over random sequences', () => {
  it('after every command', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 30, size: 'max' }), (commands) => {
        const run = new Run();
        for (const c of commands) {
          run.step(c);
          run.check();
        }
      }),
      { numRuns: 100 },
    );
  });
});
