import { Injectable, Logger } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Clock, formatUnits, parseUnits } from '@lib/kernel';
import { ListFillsQuery } from '@lib/orders';
import { AppConfig } from '@lib/platform';
import { DayBook, LadderMarket, MARKET_MAKER_ACCOUNT_ID, MakerFill, QuoteSide, addFills, dayLoss, emptyDay, lossCapReached, utcDay } from '../domain';

const PAGE = 200;

/**
 * The maker's daily loss cap per market (MARKET_MAKER_MAX_DAILY_LOSS whole
 * units of the quote asset): its fills of the UTC day, read incrementally,
 * give an exact result marked to the current mark (domain `dayLoss`). Past
 * the cap the maker stops quoting on that market until 00:00 UTC (its orders
 * there are canceled by the caller) and a warning is logged once. A restart
 * reads the day's fills again, so the cap holds across restarts (at the mark
 * of that moment).
 */
@Injectable()
export class MakerLossGuard {
  private readonly logger = new Logger('MarketMaker');
  private readonly books = new Map<string, DayBook>();
  /** Markets stopped for the day: symbol -> UTC day. */
  private readonly stopped = new Map<string, string>();

  constructor(
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** False while the market is over its loss cap today. */
  async allows(m: LadderMarket, mark: bigint): Promise<boolean> {
    const now = this.clock.now();
    const day = utcDay(now);
    if (this.stopped.get(m.symbol) === day) return false;
    let book = this.books.get(m.symbol);
    if (!book || book.day !== day) book = emptyDay(day);
    book = addFills(book, await this.newFills(m, book, new Date(`${day}T00:00:00.000Z`)));
    this.books.set(m.symbol, book);
    const cap = this.config.liquidity.maxDailyLoss;
    if (!lossCapReached(m, book, mark, cap)) return true;
    this.stopped.set(m.symbol, day);
    const lost = formatUnits(dayLoss(m, book, mark), m.quoteDecimals);
    this.logger.warn(`${m.symbol}: the market maker lost ${lost} ${m.quote} today (cap MARKET_MAKER_MAX_DAILY_LOSS = ${cap}): it stops quoting there until 00:00 UTC`);
    return false;
  }

  /** The maker's fills on the market after the book's last one and since `from`, newest first, page by page. */
  private async newFills(m: LadderMarket, book: DayBook, from: Date): Promise<MakerFill[]> {
    const fills: MakerFill[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await this.queries.execute(new ListFillsQuery(MARKET_MAKER_ACCOUNT_ID, { symbol: m.symbol, cursor, limit: PAGE }));
      for (const f of page.items) {
        const tradeId = BigInt(f.tradeId);
        if (tradeId <= book.lastTradeId || new Date(f.createdAt) < from) return fills;
        fills.push({
          tradeId,
          side: f.side === QuoteSide.BUY ? QuoteSide.BUY : QuoteSide.SELL,
          quantity: parseUnits(f.quantity, m.quantityScale),
          quote: parseUnits(f.quote, m.quoteDecimals),
          fee: parseUnits(f.fee, m.quoteDecimals),
        });
      }
      if (page.nextCursor === null) return fills;
      cursor = page.nextCursor;
    }
  }
}
