import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, formatUnits } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { Instrument, MarketError, MarketErrorCode, shockPercent, shockTarget } from '../../../domain';
import { instrumentView } from '../../format';
import { InstrumentCatalog, MarketAudit, PriceShocks, PriceSource } from '../../ports';
import { PriceBoard } from '../../price-board';
import { PercentShockView } from '../../views';
import { ShockIndexCommand } from './shock-index.command';

export const MAX_SHOCK_SECONDS = 3600;

@CommandHandler(ShockIndexCommand)
export class ShockIndexHandler implements ICommandHandler<ShockIndexCommand> {
  constructor(
    private readonly catalog: InstrumentCatalog,
    private readonly source: PriceSource,
    private readonly board: PriceBoard,
    private readonly shocks: PriceShocks,
    private readonly audit: MarketAudit,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async execute({ adminId, symbol, percent: input, overSeconds }: ShockIndexCommand): Promise<PercentShockView> {
    const instrument = await this.catalog.get(symbol);
    assertSimulated(this.source);
    const percent = shockPercent(input);
    if (!Number.isInteger(overSeconds) || overSeconds < 0 || overSeconds > MAX_SHOCK_SECONDS) {
      throw new MarketError(MarketErrorCode.INVALID_MARKET_SPEC, `overSeconds: an integer from 0 to ${MAX_SHOCK_SECONDS}`, { field: 'overSeconds', reason: 'OUT_OF_RANGE' });
    }
    const current = this.board.price(instrument.symbol);
    if (!current) throw new MarketError(MarketErrorCode.MARK_PRICE_UNAVAILABLE, `No price for ${instrument.symbol} yet`, { symbol: instrument.symbol, retryAfterSeconds: 1 });
    const from = current.index;
    const to = shockTarget(from, percent, instrument.tickSize);
    const group = sameUnderlying(await this.catalog.all(), instrument);
    const at = this.clock.now();
    const endsAt = new Date(at.getTime() + overSeconds * 1000);
    const view: PercentShockView = {
      symbol: instrument.symbol,
      symbols: group,
      percent: input,
      overSeconds,
      fromIndex: formatUnits(from, instrument.priceScale),
      toIndex: formatUnits(to, instrument.priceScale),
      startsAt: at.toISOString(),
      endsAt: endsAt.toISOString(),
    };
    await this.tx.withTransaction(async () => {
      await this.shocks.request({ symbol: instrument.symbol, price: to, adminId, at, replaces: group, ...(overSeconds > 0 ? { ramp: { from, endsAt } } : {}) });
      const same = instrumentView(instrument);
      const details = { from: view.fromIndex, to: view.toIndex, percent: input, overSeconds };
      await this.audit.record({ adminId, action: 'PRICE_SHOCK', symbol: instrument.symbol, before: same, after: same, details, at });
    });
    return view;
  }
}

/** Price shocks move the simulated walk only. */
export function assertSimulated(source: PriceSource): void {
  if (!source.simulated) throw new MarketError(MarketErrorCode.PRICE_SOURCE_NOT_SIMULATED, 'The price source is not the simulated one: its prices cannot be moved by hand');
}

/** The markets sharing `instrument`'s walk (same base and quote asset), by symbol. */
export function sameUnderlying(all: readonly Instrument[], instrument: Instrument): string[] {
  return all.filter((i) => i.base === instrument.base && i.quote === instrument.quote).map((i) => i.symbol).sort();
}
