import { InstrumentScales, formatUnits } from '@lib/kernel';
import { AccountMargin, ClosedPosition, Holding, MarginMode, accountMargin, collateralOf, entryPrice, liquidationPrice, marginsOf, transferableMargin } from '../domain';

/*
 * The views of positions and margin (REST and the /user `position` event), in
 * one pure place: integers inside, decimal strings out. Quantities at the
 * market's quantity scale, quote amounts at the settlement asset's decimals,
 * prices at the market's price scale; entry and exit prices are quote per
 * whole base unit at the asset's decimals, rounded down (as an order's
 * averagePrice). Ratios have 4 decimals.
 */

/** A user's position on one perpetual market, valued at the mark. */
export interface PositionView {
  readonly symbol: string;
  readonly side: 'LONG' | 'SHORT' | 'FLAT';
  /** |size|. */
  readonly size: string;
  /** > 0 long, < 0 short. */
  readonly signedSize: string;
  readonly entryPrice: string | null;
  readonly markPrice: string;
  /** |size| x mark. */
  readonly notional: string;
  readonly unrealizedPnl: string;
  /** unrealizedPnl / initialMargin, rounded toward zero; null when flat. */
  readonly roe: string | null;
  readonly leverage: number;
  readonly marginMode: MarginMode;
  readonly isolatedMargin: string;
  /** notional / leverage, rounded up. */
  readonly initialMargin: string;
  readonly maintenanceMargin: string;
  /** Isolated: maintenance / (isolated margin + uPnL); cross: maintenance / the account's margin balance. Rounded up; null without a position or a positive denominator. */
  readonly marginRatio: string | null;
  readonly liquidationPrice: string | null;
  /** Realized since the position opened. */
  readonly realizedPnl: string;
  /** Fees paid since the position opened. */
  readonly fees: string;
  readonly openedAt: string | null;
  readonly updatedAt: string;
}

/** A settlement asset's MARGIN account (its two buckets) and every position settled in it, each at its mark. */
export interface MarginAccountState {
  readonly asset: string;
  readonly decimals: number;
  readonly available: bigint;
  readonly locked: bigint;
  readonly holdings: readonly Holding[];
}

/** Scale of the ratios (4 decimals). */
const RATIO = 10_000n;

/** num / den at 4 decimals, rounded up (a risk figure never looks better than it is); null when den <= 0. */
function ratioUp(num: bigint, den: bigint): string | null {
  if (den <= 0n) return null;
  const scaled = num * RATIO;
  return formatUnits(scaled >= 0n ? (scaled + den - 1n) / den : scaled / den, 4);
}

/** The account's holdings with `h` in place of its market's (the state an event carries may be newer or older than the stored one). */
function withHolding(account: MarginAccountState, h: Holding): Holding[] {
  return [...account.holdings.filter((o) => o.record.symbol !== h.record.symbol), h];
}

export function positionView(h: Holding, account: MarginAccountState): PositionView {
  const { record, terms, mark } = h;
  const { size } = record.position;
  const quote = terms.quoteDecimals;
  const open = size < 0n ? -size : size;
  const m = marginsOf(h);
  let marginRatio: string | null = null;
  if (size !== 0n && m.maintenance > 0n) {
    marginRatio =
      record.marginMode === 'ISOLATED'
        ? ratioUp(m.maintenance, record.isolatedMargin + m.unrealizedPnl)
        : ratioUp(m.maintenance, accountMargin(account, withHolding(account, h)).marginBalance);
  }
  const entry = entryPrice(terms, record.position);
  const liquidation = size === 0n ? null : liquidationPrice(h, collateralOf(h, account.available, withHolding(account, h)));
  return {
    symbol: record.symbol,
    side: size > 0n ? 'LONG' : size < 0n ? 'SHORT' : 'FLAT',
    size: formatUnits(open, terms.quantityScale),
    signedSize: formatUnits(size, terms.quantityScale),
    entryPrice: entry === null ? null : formatUnits(entry, quote),
    markPrice: formatUnits(mark, terms.priceScale),
    notional: formatUnits(m.notional, quote),
    unrealizedPnl: formatUnits(m.unrealizedPnl, quote),
    // BigInt division truncates toward zero.
    roe: size === 0n || m.initial === 0n ? null : formatUnits((m.unrealizedPnl * RATIO) / m.initial, 4),
    leverage: record.leverage,
    marginMode: record.marginMode,
    isolatedMargin: formatUnits(record.isolatedMargin, quote),
    initialMargin: formatUnits(m.initial, quote),
    maintenanceMargin: formatUnits(m.maintenance, quote),
    marginRatio,
    liquidationPrice: liquidation === null ? null : formatUnits(liquidation, terms.priceScale),
    realizedPnl: formatUnits(record.position.realizedPnl, quote),
    fees: formatUnits(record.fees, quote),
    openedAt: record.openedAt?.toISOString() ?? null,
    updatedAt: record.updatedAt.toISOString(),
  };
}

/** A position's life that ended: a line of GET /positions/history. */
export interface ClosedPositionView {
  readonly id: string;
  readonly symbol: string;
  readonly side: 'LONG' | 'SHORT';
  /** What opened it (quantity). */
  readonly quantity: string;
  /** openedValue / openedQuantity. */
  readonly entryPrice: string;
  /** closedValue / closedQuantity. */
  readonly exitPrice: string;
  readonly realizedPnl: string;
  readonly fees: string;
  /** realizedPnl - fees. */
  readonly netPnl: string;
  readonly openedAt: string;
  readonly closedAt: string;
}

function perWholeUnit(value: bigint, quantity: bigint, scales: InstrumentScales): string {
  return formatUnits(quantity === 0n ? 0n : (value * 10n ** BigInt(scales.quantityScale)) / quantity, scales.quoteDecimals);
}

export function closedPositionView(c: ClosedPosition & { readonly id: string }, scales: InstrumentScales): ClosedPositionView {
  return {
    id: c.id,
    symbol: c.symbol,
    side: c.side,
    quantity: formatUnits(c.openedQuantity, scales.quantityScale),
    entryPrice: perWholeUnit(c.openedValue, c.openedQuantity, scales),
    exitPrice: perWholeUnit(c.closedValue, c.closedQuantity, scales),
    realizedPnl: formatUnits(c.realizedPnl, scales.quoteDecimals),
    fees: formatUnits(c.fees, scales.quoteDecimals),
    netPnl: formatUnits(c.realizedPnl - c.fees, scales.quoteDecimals),
    openedAt: c.openedAt.toISOString(),
    closedAt: c.closedAt.toISOString(),
  };
}

/** One settlement asset's margin figures (GET /account/margin). */
export interface AccountMarginView {
  readonly asset: string;
  readonly walletBalance: string;
  readonly unrealizedPnl: string;
  readonly marginBalance: string;
  readonly initialMargin: string;
  readonly maintenanceMargin: string;
  readonly available: string;
  readonly transferable: string;
  /** maintenance / margin balance, 4 decimals rounded up; null without a position (or a margin balance <= 0). */
  readonly marginRatio: string | null;
}

export function accountMarginView(account: MarginAccountState): AccountMarginView {
  const a: AccountMargin = accountMargin(account, account.holdings);
  const d = account.decimals;
  return {
    asset: account.asset,
    walletBalance: formatUnits(a.walletBalance, d),
    unrealizedPnl: formatUnits(a.unrealizedPnl, d),
    marginBalance: formatUnits(a.marginBalance, d),
    initialMargin: formatUnits(a.initialMargin, d),
    maintenanceMargin: formatUnits(a.maintenanceMargin, d),
    available: formatUnits(a.available, d),
    transferable: formatUnits(transferableMargin(account.available, account.holdings), d),
    // ppm rounded up, then to 4 decimals rounded up: ceil(ceil(x * 10^6) / 100) = ceil(x * 10^4).
    marginRatio: a.marginRatioPpm === null ? null : formatUnits((a.marginRatioPpm + 99n) / 100n, 4),
  };
}
