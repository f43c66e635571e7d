import { createHash } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, newId } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { parseCandleCsv } from '../../../domain';
import { instrumentView } from '../../format';
import { ImportedCandles, InstrumentCatalog, MarketAudit } from '../../ports';
import { CandleImportView } from '../../views';
import { ImportCandlesCommand } from './import-candles.command';

/**
 * Validates the whole file first (parseCandleCsv: a bad row refuses it all),
 * then upserts the candles and records the audit entry in one transaction:
 * a failure writes nothing.
 */
@CommandHandler(ImportCandlesCommand)
export class ImportCandlesHandler implements ICommandHandler<ImportCandlesCommand> {
  constructor(
    private readonly catalog: InstrumentCatalog,
    private readonly imported: ImportedCandles,
    private readonly audit: MarketAudit,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async execute({ adminId, symbol, interval, csv }: ImportCandlesCommand): Promise<CandleImportView> {
    const instrument = await this.catalog.get(symbol);
    const at = this.clock.now();
    const candles = parseCandleCsv(csv, interval, instrument, at.getTime());
    const importId = newId();
    return this.tx.withTransaction(async () => {
      const { replaced } = await this.imported.store({ importId, symbol: instrument.symbol, interval, candles, at });
      const view: CandleImportView = {
        importId,
        symbol: instrument.symbol,
        interval,
        candles: candles.length,
        replaced,
        from: new Date(candles[0]!.openTime).toISOString(),
        to: new Date(candles[candles.length - 1]!.openTime).toISOString(),
        sha256: createHash('sha256').update(csv, 'utf8').digest('hex'),
        importedAt: at.toISOString(),
      };
      const same = instrumentView(instrument);
      await this.audit.record({ adminId, action: 'CANDLES_IMPORTED', symbol: instrument.symbol, before: same, after: same, details: view, at });
      return view;
    });
  }
}
