import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, formatUnits } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { shockPrice } from '../../../domain';
import { instrumentView } from '../../format';
import { InstrumentCatalog, MarketAudit, PriceShocks, PriceSource } from '../../ports';
import { PriceBoard } from '../../price-board';
import { PriceShockView } from '../../views';
import { assertSimulated, sameUnderlying } from './shock-index.handler';
import { ShockPriceCommand } from './shock-price.command';

@CommandHandler(ShockPriceCommand)
export class ShockPriceHandler implements ICommandHandler<ShockPriceCommand> {
  constructor(
    private readonly catalog: InstrumentCatalog,
    private readonly source: PriceSource,
    private readonly board: PriceBoard,
    private readonly shocks: PriceShocks,
    private readonly audit: MarketAudit,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async execute({ adminId, symbol, price: input }: ShockPriceCommand): Promise<PriceShockView> {
    const instrument = await this.catalog.get(symbol);
    assertSimulated(this.source);
    const price = shockPrice(instrument, input);
    const current = this.board.price(instrument.symbol);
    const view: PriceShockView = {
      symbol: instrument.symbol,
      price: formatUnits(price, instrument.priceScale),
      previousMark: current ? formatUnits(current.mark, instrument.priceScale) : null,
      requestedAt: this.clock.now().toISOString(),
    };
    const at = new Date(view.requestedAt);
    await this.tx.withTransaction(async () => {
      await this.shocks.request({ symbol: instrument.symbol, price, adminId, at, replaces: sameUnderlying(await this.catalog.all(), instrument) });
      const same = instrumentView(instrument);
      await this.audit.record({ adminId, action: 'PRICE_SHOCK', symbol: instrument.symbol, before: same, after: same, details: { from: view.previousMark, to: view.price }, at });
    });
    return view;
  }
}
