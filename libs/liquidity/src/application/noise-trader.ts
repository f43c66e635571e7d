import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { formatUnits } from '@lib/kernel';
import { InstrumentKind, MarketStatus } from '@lib/market';
import { OrderType, PlaceOrderCommand } from '@lib/orders';
import { AppConfig } from '@lib/platform';
import { DEFAULT_LEVERAGE, PositionRepository } from '@lib/positions';
import { UserAccountKind } from '@lib/wallet';
import {
  LadderMarket,
  LiquidityRole,
  NOISE_FUNDING,
  NOISE_TRADER_ACCOUNT_ID,
  NoiseOrder,
  SeededRandom,
  baseUnits,
  ceilDiv,
  noiseCeiling,
  noiseOrder,
  noiseSide,
  notional,
  positionBound,
  priceBand,
} from '../domain';
import { FailureLog } from './failure-log';
import { AssetNeed, Funder, addNeed } from './funder';
import { LiquidityMarkets, wholeUnits } from './liquidity-markets';
import { orderSide } from './order-side';

/** The noise trader's orders are at most this fraction of a maker level (a quarter: few, larger orders; see readLiquidity). */
const NOISE_SHARE_OF_LEVEL = 4n;
const FUNDING_CHECK_MS = 10_000;

/**
 * Small random market orders on every TRADING spot and perpetual market, each market on
 * its own seeded schedule (every NOISE_TRADER_MIN_MS..MAX_MS), so a fresh
 * install has trades, tickers and candles. Trades as NOISE_TRADER_ACCOUNT_ID
 * through PlaceOrderCommand; it only takes, so it never meets itself. On a
 * perpetual its orders hold margin on its MARGIN account (funded like SPOT),
 * and past half the maker's position bound it trades back toward flat.
 */
@Injectable()
export class NoiseTrader {
  private readonly logger = new Logger('NoiseTrader');
  private readonly failures = new FailureLog(this.logger);
  private readonly random: SeededRandom;
  private readonly due = new Map<string, number>();
  private nextFundingCheck = 0;

  constructor(
    private readonly commands: CommandBus,
    private readonly markets: LiquidityMarkets,
    private readonly funder: Funder,
    private readonly config: AppConfig,
    private readonly positions: PositionRepository,
  ) {
    this.random = new SeededRandom(`${config.market.seed}:noise-trader`);
  }

  reset(): void {
    this.due.clear();
    this.nextFundingCheck = 0;
  }

  /** Sends the orders that are due at `now` (ms). */
  async step(now: number): Promise<void> {
    const needs = new Map<string, AssetNeed>();
    const margin = new Map<string, AssetNeed>();
    const orders: (() => Promise<void>)[] = [];
    for (const instrument of await this.markets.tradable()) {
      if (instrument.status !== MarketStatus.TRADING) continue;
      const mark = await this.markets.mark(instrument);
      if (mark === null) continue;
      const m: LadderMarket = instrument;
      const maxNotional = wholeUnits(this.config.liquidity.levelNotional, m.quoteDecimals) / NOISE_SHARE_OF_LEVEL;
      const ceiling = noiseCeiling(m, mark, maxNotional);
      const perp = instrument.kind === InstrumentKind.PERPETUAL;
      const bound = positionBound(m, mark, wholeUnits(this.config.liquidity.maxPosition, m.quoteDecimals)) / 2n;
      if (perp) {
        // A market order holds at the band's edge; a tenth of a position at its bound on top (the policy keeps 10-50 rounds).
        const cost = notional(m, priceBand(m, mark).upper, ceiling);
        const lever = BigInt(DEFAULT_LEVERAGE);
        addNeed(margin, m.quote, m.quoteDecimals, ceilDiv(cost, lever) + ceilDiv(cost * m.takerFeePpm, 1_000_000n) + ceilDiv(notional(m, mark, bound), lever) / 10n);
      } else {
        const cost = notional(m, mark, ceiling);
        addNeed(needs, m.quote, m.quoteDecimals, cost + ceilDiv(cost * m.takerFeePpm, 1_000_000n));
        addNeed(needs, m.base, m.baseDecimals, baseUnits(m, ceiling));
      }
      const at = this.due.get(m.symbol);
      if (at === undefined || at <= now) this.due.set(m.symbol, now + this.delay());
      if (at === undefined || at > now) continue;
      const drawn = noiseOrder(m, mark, maxNotional, this.random);
      orders.push(async () => {
        const order = perp ? await this.bounded(m, drawn, bound) : drawn;
        if (!order) return;
        const action = `${m.symbol} ${order.side} market order`;
        try {
          await this.commands.execute(
            new PlaceOrderCommand({ userId: NOISE_TRADER_ACCOUNT_ID, symbol: m.symbol, side: orderSide(order.side), type: OrderType.MARKET, quantity: formatUnits(order.quantity, m.quantityScale) }),
          );
          this.failures.succeeded(action);
        } catch (error) {
          // Out of funds: look at the balances on the next step rather than in 10 s.
          const code = this.failures.failed(action, error);
          if (code === 'INSUFFICIENT_BALANCE' || code === 'INSUFFICIENT_MARGIN') this.nextFundingCheck = 0;
        }
      });
    }
    // Before the first prices there is nothing to size the funding by: look again on the next step.
    if (now >= this.nextFundingCheck && needs.size + margin.size > 0) {
      this.nextFundingCheck = now + FUNDING_CHECK_MS;
      try {
        await this.funder.ensure(LiquidityRole.NOISE_TRADER, needs, NOISE_FUNDING);
        await this.funder.ensure(LiquidityRole.NOISE_TRADER, margin, NOISE_FUNDING, UserAccountKind.MARGIN);
      } catch (error) {
        this.failures.failed('funding', error);
      }
    }
    for (const send of orders) await send();
  }

  /** On a perpetual: the drawn order, its side turned toward flat once the position reaches `bound` (null: the position is unknown). */
  private async bounded(m: LadderMarket, drawn: NoiseOrder, bound: bigint): Promise<NoiseOrder | null> {
    try {
      const record = await this.positions.find(NOISE_TRADER_ACCOUNT_ID, m.symbol);
      this.failures.succeeded(`${m.symbol} position`);
      return { ...drawn, side: noiseSide(drawn.side, record?.position.size ?? 0n, bound) };
    } catch (error) {
      this.failures.failed(`${m.symbol} position`, error);
      return null;
    }
  }

  private delay(): number {
    const c = this.config.liquidity;
    return this.random.int(c.noiseMinMs, c.noiseMaxMs);
  }
}
