import { Injectable, Logger } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { formatUnits, parseUnits } from '@lib/kernel';
import { Instrument, InstrumentKind, MarketStatus } from '@lib/market';
import { AmendOrderCommand, CancelAllOrdersCommand, CancelOrderCommand, ListOrdersQuery, OrderType, PlaceOrderCommand, TimeInForce } from '@lib/orders';
import { orderSide } from './order-side';
import { AppConfig } from '@lib/platform';
import { Ladder, LadderMarket, LiquidityRole, MAKER_FUNDING, MARKET_MAKER_ACCOUNT_ID, QuoteSide, RestingQuote, buildLadder, ladderFunds, planQuotes } from '../domain';
import { FailureLog } from './failure-log';
import { AssetNeed, Funder, addNeed } from './funder';
import { LiquidityMarkets, wholeUnits } from './liquidity-markets';
import { MakerLossGuard } from './maker-loss-guard';
import { MakerPerpLadders, PerpQuoteInput } from './maker-perp-ladders';

const MAX_OPEN = 500;

/** A cancel refused because the order is not there any more: nothing of it rests. */
const CANCEL_GONE: ReadonlySet<string> = new Set(['ORDER_NOT_FOUND', 'ORDER_NOT_OPEN']);
/** After an INSUFFICIENT_MARGIN refusal the maker leaves that market alone at least this long (and this many refreshes). */
const MARGIN_BACKOFF_MS = 10_000;
const MARGIN_BACKOFF_REFRESHES = 5;

/**
 * The built-in market maker. Every refresh, for every spot and perpetual market:
 * TRADING with a mark -> the target ladder (domain `buildLadder`), the
 * account topped up if the ladders need more than it holds, then the open
 * orders brought to the ladder with the fewest commands (cancel, amend,
 * place: the order that never crosses its own book). Any other status, or
 * a market past its daily loss cap (MakerLossGuard) -> its orders there are
 * canceled (once per halt or day). It trades through the same
 * CommandBus commands as a user, as the system account MARKET_MAKER_ACCOUNT_ID.
 * On a perpetual the ladder is skewed against its position, bounded, and
 * fitted to its margin (MakerPerpLadders); a refusal for margin backs off.
 */
@Injectable()
export class MarketMaker {
  private readonly logger = new Logger('MarketMaker');
  private readonly failures = new FailureLog(this.logger);
  /** Markets not TRADING whose orders were canceled since this instance leads. */
  private readonly withdrawn = new Set<string>();
  /** Set at shutdown: a refresh under way sends no further command (a full requote of every market takes seconds under load). */
  private interrupted = false;
  /** Perpetual markets refused for margin: symbol -> time (ms) before which they are left alone. */
  private readonly backoff = new Map<string, number>();

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly markets: LiquidityMarkets,
    private readonly funder: Funder,
    private readonly config: AppConfig,
    private readonly lossGuard: MakerLossGuard,
    private readonly perps: MakerPerpLadders,
  ) {}

  /** A new term of leadership: check every market again. */
  reset(): void {
    this.withdrawn.clear();
    this.backoff.clear();
    this.interrupted = false;
  }

  /** Ends the refresh under way after its current command (whose batch commits). */
  interrupt(): void {
    this.interrupted = true;
  }

  async refresh(): Promise<void> {
    const targets: { market: LadderMarket; ladder: Ladder | (() => Promise<Ladder | null>) }[] = [];
    const perps: PerpQuoteInput[] = [];
    for (const instrument of await this.markets.tradable()) {
      if (instrument.status !== MarketStatus.TRADING) {
        await this.withdraw(instrument.symbol);
        continue;
      }
      const mark = await this.markets.mark(instrument);
      if (mark === null) {
        this.failures.skipped(`${instrument.symbol} quotes`, 'NO_MARK_PRICE', 'no mark price yet');
        continue;
      }
      this.failures.succeeded(`${instrument.symbol} quotes`);
      const market: LadderMarket = instrument;
      if (!(await this.allowedToday(market, mark))) {
        await this.withdraw(instrument.symbol);
        continue;
      }
      this.withdrawn.delete(instrument.symbol);
      if (instrument.kind === InstrumentKind.PERPETUAL) {
        if ((this.backoff.get(instrument.symbol) ?? 0) > Date.now()) continue;
        perps.push({ market, mark, params: this.params(instrument) });
      } else {
        targets.push({ market, ladder: buildLadder(market, mark, this.params(instrument)) });
      }
    }
    await this.fund(targets.flatMap((t) => (typeof t.ladder === 'function' ? [] : [{ market: t.market, ladder: t.ladder }])));
    if (perps.length > 0) targets.push(...(await this.perps.plan(perps)));
    for (const { market, ladder } of targets) {
      if (this.interrupted) return;
      await this.requote(market, ladder);
    }
  }

  /** Cancels every order of the maker (shutdown of the leader). */
  async withdrawAll(): Promise<void> {
    await this.commands.execute(new CancelAllOrdersCommand(MARKET_MAKER_ACCOUNT_ID));
  }

  private params(i: Instrument) {
    const c = this.config.liquidity;
    return { levels: c.levels, stepBps: BigInt(c.stepBps), levelNotional: wholeUnits(c.levelNotional, i.quoteDecimals) };
  }

  private async fund(targets: readonly { market: LadderMarket; ladder: Ladder }[]): Promise<void> {
    const needs = new Map<string, AssetNeed>();
    for (const { market, ladder } of targets) {
      const funds = ladderFunds(market, ladder);
      addNeed(needs, market.quote, market.quoteDecimals, funds.quote);
      addNeed(needs, market.base, market.baseDecimals, funds.base);
    }
    try {
      await this.funder.ensure(LiquidityRole.MARKET_MAKER, needs, MAKER_FUNDING);
    } catch (error) {
      this.failures.failed('funding', error);
    }
  }

  /** The daily loss cap (MakerLossGuard); a failure to read the fills keeps the market quoted and is logged once. */
  private async allowedToday(market: LadderMarket, mark: bigint): Promise<boolean> {
    try {
      const allowed = await this.lossGuard.allows(market, mark);
      this.failures.succeeded(`${market.symbol} loss check`);
      return allowed;
    } catch (error) {
      this.failures.failed(`${market.symbol} loss check`, error);
      return true;
    }
  }

  private async withdraw(symbol: string): Promise<void> {
    if (this.withdrawn.has(symbol)) return;
    const action = `${symbol} withdraw`;
    try {
      const { canceled } = await this.commands.execute(new CancelAllOrdersCommand(MARKET_MAKER_ACCOUNT_ID, symbol));
      if (canceled.length > 0) this.logger.log(`${symbol} is not trading: canceled the maker's ${canceled.length} orders`);
      this.withdrawn.add(symbol);
      this.failures.succeeded(action);
    } catch (error) {
      this.failures.failed(action, error);
    }
  }

  /** `target`: the ladder, or (a perpetual) what builds it after the open orders are read. */
  private async requote(m: LadderMarket, target: Ladder | (() => Promise<Ladder | null>)): Promise<void> {
    let resting: RestingQuote[];
    try {
      resting = await this.resting(m);
    } catch (error) {
      this.failures.failed(`${m.symbol} open orders`, error);
      return;
    }
    const ladder = typeof target === 'function' ? await target() : target;
    if (!ladder) return;
    const plan = planQuotes(resting, ladder);
    // A cancel that failed (a busy market, a lost connection) may leave its quote resting: quoting the new
    // ladder beside it could show more than the bound allows, so this round ends there. An order already
    // gone (filled, canceled) is no failure.
    const stillResting = (refused: string | undefined): boolean => refused !== undefined && !CANCEL_GONE.has(refused);
    if (plan.cancel.length > 1 && plan.cancel.length === resting.length) {
      // The whole ladder moved (a halt ended, a leader took over): one transaction instead of one per order.
      if (stillResting(await this.attempt(`${m.symbol} cancel`, () => this.commands.execute(new CancelAllOrdersCommand(MARKET_MAKER_ACCOUNT_ID, m.symbol))))) return;
    } else {
      for (const id of plan.cancel) {
        if (stillResting(await this.attempt(`${m.symbol} cancel`, () => this.commands.execute(new CancelOrderCommand(MARKET_MAKER_ACCOUNT_ID, id))))) return;
      }
    }
    for (const { id, quantity } of plan.amend) {
      const refused = await this.attempt(`${m.symbol} amend`, () =>
        this.commands.execute(new AmendOrderCommand(MARKET_MAKER_ACCOUNT_ID, id, undefined, formatUnits(quantity, m.quantityScale))),
      );
      // An amend that failed leaves the old quantity resting (it may be the larger): the same rule.
      if (this.backOff(m, refused) || stillResting(refused)) return;
    }
    for (const level of plan.place) {
      const refused = await this.attempt(`${m.symbol} ${level.side} quote`, () =>
        this.commands.execute(
          new PlaceOrderCommand({
            userId: MARKET_MAKER_ACCOUNT_ID,
            symbol: m.symbol,
            side: orderSide(level.side),
            type: OrderType.LIMIT,
            price: formatUnits(level.price, m.priceScale),
            quantity: formatUnits(level.quantity, m.quantityScale),
            timeInForce: TimeInForce.GTC,
          }),
        ),
      );
      if (this.backOff(m, refused)) return;
    }
  }

  /** An INSUFFICIENT_MARGIN refusal: no more commands on this market for a while (logged once, warn, by FailureLog). */
  private backOff(m: LadderMarket, refused: string | undefined): boolean {
    if (refused !== 'INSUFFICIENT_MARGIN') return false;
    this.backoff.set(m.symbol, Date.now() + Math.max(MARGIN_BACKOFF_MS, MARGIN_BACKOFF_REFRESHES * this.config.liquidity.refreshMs));
    return true;
  }

  private async resting(m: LadderMarket): Promise<RestingQuote[]> {
    const page = await this.queries.execute(new ListOrdersQuery(MARKET_MAKER_ACCOUNT_ID, { open: true, symbol: m.symbol, limit: MAX_OPEN }));
    return page.items
      .filter((o) => o.price !== null)
      .map((o) => ({
        id: o.id,
        side: o.side === QuoteSide.BUY ? QuoteSide.BUY : QuoteSide.SELL,
        price: parseUnits(o.price, m.priceScale),
        quantity: parseUnits(o.quantity, m.quantityScale),
        filled: parseUnits(o.filledQuantity, m.quantityScale),
      }));
  }

  /** Runs one command; returns the refusal's code when it failed. */
  private async attempt(action: string, work: () => Promise<unknown>): Promise<string | undefined> {
    if (this.interrupted) return undefined;
    try {
      await work();
      this.failures.succeeded(action);
      return undefined;
    } catch (error) {
      return this.failures.failed(action, error);
    }
  }
}
