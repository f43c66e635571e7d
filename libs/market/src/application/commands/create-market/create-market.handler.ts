import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { OutboxWriter, TransactionHost } from '@lib/platform';
import { MarketError, MarketErrorCode, defineInstrument } from '../../../domain';
import { MARKET_UPDATED } from '../../events';
import { instrumentView } from '../../format';
import { AssetDirectory, InstrumentCatalog, InstrumentRepository, MarketAudit } from '../../ports';
import { InstrumentView } from '../../views';
import { CreateMarketCommand } from './create-market.command';

@CommandHandler(CreateMarketCommand)
export class CreateMarketHandler implements ICommandHandler<CreateMarketCommand> {
  constructor(
    private readonly assets: AssetDirectory,
    private readonly repository: InstrumentRepository,
    private readonly catalog: InstrumentCatalog,
    private readonly audit: MarketAudit,
    private readonly outbox: OutboxWriter,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async execute({ adminId, definition }: CreateMarketCommand): Promise<InstrumentView> {
    const [base, quote] = await Promise.all([this.assets.decimalsOf(definition.baseAsset), this.assets.decimalsOf(definition.quoteAsset)]);
    if (base === undefined) throw unknownAsset('baseAsset', definition.baseAsset);
    if (quote === undefined) throw unknownAsset('quoteAsset', definition.quoteAsset);
    const now = this.clock.now();
    const instrument = defineInstrument(definition, { base, quote }, now);
    const view = instrumentView(instrument);
    await this.tx.withTransaction(async () => {
      if (!(await this.repository.insert(instrument))) {
        throw new MarketError(MarketErrorCode.MARKET_EXISTS, `Market ${instrument.symbol} exists already`, { symbol: instrument.symbol });
      }
      await this.audit.record({ adminId, action: 'MARKET_CREATED', symbol: instrument.symbol, before: null, after: view, at: now });
      await this.outbox.append([{ type: MARKET_UPDATED, payload: { symbol: instrument.symbol, action: 'MARKET_CREATED', status: instrument.status } }]);
    });
    this.catalog.invalidate();
    return view;
  }
}

function unknownAsset(field: string, code: string): MarketError {
  return new MarketError(MarketErrorCode.INVALID_MARKET_SPEC, `${field}: unknown asset ${code}`, { field, reason: 'UNKNOWN_ASSET' });
}
