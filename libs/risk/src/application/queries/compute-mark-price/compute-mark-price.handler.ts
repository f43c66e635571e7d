import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { formatUnits, parseUnits } from '@lib/kernel';
import { ComputeMarkPriceQuery, ComputedMark } from '@lib/market';
import { GetOrderBookQuery } from '@lib/orders';
import { AppConfig } from '@lib/platform';
import { BasisWindow, floorDiv, markPrice } from '../../../domain';
import { FundingReader } from '../../funding-reader';

/** Funding rates on the wire: a decimal fraction with 8 decimals (RATE_E8). */
export const RATE_DECIMALS = 8;

/**
 * The feed leader's question on every tick for each perpetual (the market
 * context's contract): mark = markPrice(...) (docs/risk.md, "Mark price").
 * - basis: this tick's book mid - index joins the market's BasisWindow
 *   (MARK_BASIS_WINDOW_MS); the window's average is the book basis. No
 *   two-sided book: no sample.
 * - funding: the last settled rate, the time left to the next funding time
 *   and the interval, from FundingReader (rate 0 and the schedule on failure).
 * - last trade: the feed's (its PriceBoard), in the query.
 * With MARK_PRICE_FORMULA=false the mark is the index (funding still reported).
 * The windows live in this instance's memory: only the feed leader asks, and
 * a new leader starts with empty windows (the mark is then at most the index,
 * the funding basis or the last trade until samples come in).
 */
@QueryHandler(ComputeMarkPriceQuery)
export class ComputeMarkPriceHandler implements IQueryHandler<ComputeMarkPriceQuery> {
  private readonly windows = new Map<string, BasisWindow>();

  constructor(
    private readonly queries: QueryBus,
    private readonly funding: FundingReader,
    private readonly config: AppConfig,
  ) {}

  async execute(q: ComputeMarkPriceQuery): Promise<ComputedMark> {
    const atMs = q.at.getTime();
    if (!this.config.risk.markFormula) {
      const f = await this.funding.read(q.symbol, q.at);
      return { mark: q.index, funding: { rate: formatUnits(f.predictedRateE8, RATE_DECIMALS), nextFundingTime: f.nextFundingTime } };
    }
    const mid = await this.mid(q.symbol, q.priceScale);
    const window = this.window(q.symbol);
    window.sample(atMs, mid === null ? null : mid - q.index);
    const f = await this.funding.read(q.symbol, q.at);
    const msToFunding = Math.min(f.intervalMs, Math.max(0, f.nextFundingTime.getTime() - atMs));
    const mark = markPrice({
      index: q.index,
      fundingRate: f.lastRateE8,
      msToFunding: BigInt(msToFunding),
      intervalMs: BigInt(f.intervalMs),
      basis: window.average(atMs),
      lastTrade: q.lastTrade,
      tickSize: q.tickSize,
    });
    return { mark, funding: { rate: formatUnits(f.predictedRateE8, RATE_DECIMALS), nextFundingTime: f.nextFundingTime } };
  }

  private window(symbol: string): BasisWindow {
    let window = this.windows.get(symbol);
    if (!window) this.windows.set(symbol, (window = new BasisWindow(this.config.risk.markBasisWindowMs)));
    return window;
  }

  /** The mid of the best bid and ask (rounded down), or null without a two-sided book or when the book cannot be read. */
  private async mid(symbol: string, priceScale: number): Promise<bigint | null> {
    try {
      const book = await this.queries.execute(new GetOrderBookQuery(symbol, 1));
      const [bid, ask] = [book.bids[0], book.asks[0]];
      if (!bid || !ask) return null;
      return floorDiv(parseUnits(bid[0], priceScale) + parseUnits(ask[0], priceScale), 2n);
    } catch {
      return null;
    }
  }
}
