import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Clock, formatUnits, parseUnits } from '@lib/kernel';
import { GetAccountMarginQuery } from '@lib/positions';
import { GetBalancesQuery, UserAccountKind } from '@lib/wallet';
import { EMPTY_COST_BASIS, VALUATION_CURRENCY, averageCost, formatValuation, heldCost, isCash, pnlPercent, valueDown, valueUp } from '../domain';
import { PriceBook } from './price-book';
import { CostBasisRepository } from './ports';
import { HoldingView, PerpetualsView, PortfolioView } from './views';

/** In `unpricedAssets` when the perpetual positions could not be valued (a mark not known yet): their PnL is left out. */
export const UNPRICED_PERPETUALS = 'PERPETUALS';

/** A valuation with its integer totals (for snapshots) next to the wire view. */
export interface Valuation {
  readonly view: PortfolioView;
  readonly equity: bigint;
  readonly cost: bigint;
  readonly realizedPnl: bigint;
  readonly fills: number;
}

interface Split {
  available: bigint;
  locked: bigint;
}

/**
 * Values a user's SPOT + MARGIN balances (the wallet's truth) at the marks of
 * one PriceBook, with the cost basis of the trades, plus the unrealized PnL of
 * their perpetual positions (the positions context's account margin: the
 * MARGIN balance is already among the holdings). Read only: nothing here
 * writes, so a read never races the fill consumer.
 */
@Injectable()
export class PortfolioValuer {
  constructor(
    private readonly queries: QueryBus,
    private readonly costs: CostBasisRepository,
    private readonly clock: Clock,
  ) {}

  async value(userId: string, book: PriceBook): Promise<Valuation> {
    const [wallet, rows, margins] = await Promise.all([
      this.queries.execute(new GetBalancesQuery(userId)),
      this.costs.listForUser(userId),
      // A perpetual whose mark is not known yet (the feed starting) leaves the positions' PnL unpriced, not the portfolio.
      this.queries.execute(new GetAccountMarginQuery(userId)).catch(() => null),
    ]);
    const bases = new Map(rows.map((r) => [r.asset, r]));
    const assets = new Map<string, { decimals: number; spot: Split; margin: Split }>();
    for (const account of wallet.accounts) {
      for (const b of account.balances) {
        const decimals = fractionDigits(b.total);
        const entry = assets.get(b.asset) ?? { decimals, spot: { available: 0n, locked: 0n }, margin: { available: 0n, locked: 0n } };
        const split = account.account === UserAccountKind.MARGIN ? entry.margin : entry.spot;
        split.available += parseUnits(b.available, decimals);
        split.locked += parseUnits(b.locked, decimals);
        assets.set(b.asset, entry);
      }
    }

    const holdings: HoldingView[] = [];
    const unpriced: string[] = [];
    let equity = 0n;
    let cost = 0n;
    for (const [asset, { decimals, spot, margin }] of assets) {
      const available = spot.available + margin.available;
      const locked = spot.locked + margin.locked;
      const total = available + locked;
      if (total === 0n) continue;
      const fmt = (units: bigint) => formatUnits(units, decimals);
      const split = (s: Split) => ({ available: fmt(s.available), locked: fmt(s.locked), total: fmt(s.available + s.locked) });
      const basis = bases.get(asset) ?? EMPTY_COST_BASIS;
      const base = { asset, total: fmt(total), available: fmt(available), locked: fmt(locked), spot: split(spot), margin: split(margin), realizedPnl: formatValuation(basis.realizedPnl) };
      const price = book.priceOf(asset);
      if (!price) {
        unpriced.push(asset);
        holdings.push({ ...base, price: null, value: null, costBasis: null, averageCost: null, unrealizedPnl: null, unrealizedPnlPercent: null });
        continue;
      }
      const value = valueDown(total, decimals, price.price);
      // Cash is worth its face value and has no PnL; the untracked rest of an asset enters at the current mark.
      const held = isCash(asset) ? value : heldCost(basis, total, (untracked) => valueDown(untracked, decimals, price.price));
      const avg = averageCost(held, total, decimals);
      equity += value;
      cost += held;
      holdings.push({
        ...base,
        price: { symbol: price.symbol, mark: PriceBook.markText(price), at: price.at?.toISOString() ?? null },
        value: formatValuation(value),
        costBasis: formatValuation(held),
        averageCost: avg === null ? null : formatValuation(avg),
        unrealizedPnl: formatValuation(value - held),
        unrealizedPnlPercent: pnlPercent(value - held, held),
      });
    }
    // Open perpetual positions: their unrealized PnL is equity (the settlement asset is cash, valued 1:1).
    const perpetuals: PerpetualsView[] = [];
    if (margins === null) unpriced.push(UNPRICED_PERPETUALS);
    for (const m of margins ?? []) {
      const price = book.priceOf(m.asset);
      const decimals = fractionDigits(m.unrealizedPnl);
      const pnl = signedUnits(m.unrealizedPnl, decimals);
      // A loss is valued up (never understated), a profit down.
      const value = price ? (pnl < 0n ? -valueUp(-pnl, decimals, price.price) : valueDown(pnl, decimals, price.price)) : null;
      if (value !== null) equity += value;
      else if (pnl !== 0n) unpriced.push(m.asset);
      perpetuals.push({ asset: m.asset, walletBalance: m.walletBalance, unrealizedPnl: m.unrealizedPnl, marginBalance: m.marginBalance, value: value === null ? null : formatValuation(value) });
    }
    const realizedPnl = rows.reduce((sum, r) => sum + r.realizedPnl, 0n);
    const fills = rows.reduce((sum, r) => sum + r.fills, 0);
    holdings.sort((a, b) => (a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : 0));
    const view: PortfolioView = {
      valuationCurrency: VALUATION_CURRENCY,
      asOf: this.clock.now().toISOString(),
      holdings,
      perpetuals,
      totals: {
        equity: formatValuation(equity),
        cost: formatValuation(cost),
        unrealizedPnl: formatValuation(equity - cost),
        unrealizedPnlPercent: pnlPercent(equity - cost, cost),
        realizedPnl: formatValuation(realizedPnl),
      },
      unpricedAssets: unpriced,
    };
    return { view, equity, cost, realizedPnl, fills };
  }
}

/** The wallet formats every amount with exactly the asset's decimals. */
function fractionDigits(text: string): number {
  const point = text.indexOf('.');
  return point < 0 ? 0 : text.length - point - 1;
}

/** A signed decimal string, zero included ("0.00", "-1.50"), as integer units. */
function signedUnits(text: string, decimals: number): bigint {
  return text.startsWith('-') ? -parseUnits(text.slice(1), decimals) : parseUnits(text, decimals);
}
