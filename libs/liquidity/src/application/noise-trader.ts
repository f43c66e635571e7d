import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { formatUnits } from '@lib/kernel';
import { MarketStatus } from '@lib/market';
import { OrderType, PlaceOrderCommand } from '@lib/orders';
import { AppConfig } from '@lib/platform';
import { LadderMarket, LiquidityRole, NOISE_FUNDING, NOISE_TRADER_ACCOUNT_ID, SeededRandom, baseUnits, ceilDiv, noiseCeiling, noiseOrder, notional } from '../domain';
import { FailureLog } from './failure-log';
import { AssetNeed, Funder, addNeed } from './funder';
import { LiquidityMarkets, wholeUnits } from './liquidity-markets';
import { orderSide } from './order-side';

/** The noise trader's orders are at most this fraction of a maker level (a quarter: few, larger orders; see readLiquidity). */
const NOISE_SHARE_OF_LEVEL = 4n;
const FUNDING_CHECK_MS = 10_000;

/**
 * Small random market orders on every TRADING spot market, each market on
 * its own seeded schedule (every NOISE_TRADER_MIN_MS..MAX_MS), so a fresh
 * install has trades, tickers and candles. Trades as NOISE_TRADER_ACCOUNT_ID
 * through PlaceOrderCommand; it only takes, so it never meets itself.
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
    const orders: (() => Promise<void>)[] = [];
    for (const instrument of await this.markets.spot()) {
      if (instrument.status !== MarketStatus.TRADING) continue;
      const mark = await this.markets.mark(instrument);
      if (mark === null) continue;
      const m: LadderMarket = instrument;
      const maxNotional = wholeUnits(this.config.liquidity.levelNotional, m.quoteDecimals) / NOISE_SHARE_OF_LEVEL;
      const ceiling = noiseCeiling(m, mark, maxNotional);
      const cost = notional(m, mark, ceiling);
      addNeed(needs, m.quote, m.quoteDecimals, cost + ceilDiv(cost * m.takerFeePpm, 1_000_000n));
      addNeed(needs, m.base, m.baseDecimals, baseUnits(m, ceiling));

      const at = this.due.get(m.symbol);
      if (at === undefined || at <= now) this.due.set(m.symbol, now + this.delay());
      if (at === undefined || at > now) continue;
      const order = noiseOrder(m, mark, maxNotional, this.random);
      const action = `${m.symbol} ${order.side} market order`;
      orders.push(async () => {
        try {
          await this.commands.execute(
            new PlaceOrderCommand({ userId: NOISE_TRADER_ACCOUNT_ID, symbol: m.symbol, side: orderSide(order.side), type: OrderType.MARKET, quantity: formatUnits(order.quantity, m.quantityScale) }),
          );
          this.failures.succeeded(action);
        } catch (error) {
          // Out of funds: look at the balances on the next step rather than in 10 s.
          if (this.failures.failed(action, error) === 'INSUFFICIENT_BALANCE') this.nextFundingCheck = 0;
        }
      });
    }
    // Before the first prices there is nothing to size the funding by: look again on the next step.
    if (now >= this.nextFundingCheck && needs.size > 0) {
      this.nextFundingCheck = now + FUNDING_CHECK_MS;
      try {
        await this.funder.ensure(LiquidityRole.NOISE_TRADER, needs, NOISE_FUNDING);
      } catch (error) {
        this.failures.failed('funding', error);
      }
    }
    for (const send of orders) await send();
  }

  private delay(): number {
    const c = this.config.liquidity;
    return this.random.int(c.noiseMinMs, c.noiseMaxMs);
  }
}
