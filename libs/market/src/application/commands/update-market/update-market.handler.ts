import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { OutboxWriter, TransactionHost } from '@lib/platform';
import { changeInstrument, marketNotFound } from '../../../domain';
import { MARKET_UPDATED } from '../../events';
import { instrumentView } from '../../format';
import { InstrumentCatalog, InstrumentRepository, MarketAudit } from '../../ports';
import { InstrumentView } from '../../views';
import { UpdateMarketCommand } from './update-market.command';

@CommandHandler(UpdateMarketCommand)
export class UpdateMarketHandler implements ICommandHandler<UpdateMarketCommand> {
  constructor(
    private readonly repository: InstrumentRepository,
    private readonly catalog: InstrumentCatalog,
    private readonly audit: MarketAudit,
    private readonly outbox: OutboxWriter,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async execute({ adminId, symbol, changes, reason }: UpdateMarketCommand): Promise<InstrumentView> {
    const view = await this.tx.withTransaction(async () => {
      const current = await this.repository.lock(symbol.toUpperCase());
      if (!current) throw marketNotFound(symbol);
      const now = this.clock.now();
      const next = changeInstrument(current, changes, now);
      // Nothing changed: nothing written, nothing audited.
      if (next === current) return instrumentView(current);
      await this.repository.update(next);
      const after = instrumentView(next);
      await this.audit.record({ adminId, action: 'MARKET_UPDATED', symbol: next.symbol, before: instrumentView(current), after, reason, at: now });
      await this.outbox.append([{ type: MARKET_UPDATED, payload: { symbol: next.symbol, action: 'MARKET_UPDATED', status: next.status } }]);
      return after;
    });
    this.catalog.invalidate();
    return view;
  }
}
