import { Command } from '@nestjs/cqrs';
import { CandleInterval } from '../../../domain';
import { CandleImportView } from '../../views';

/**
 * An admin loads real candles of a market from a CSV file
 * (`openTime,open,high,low,close[,volume]`): every row valid or nothing is
 * written; a re-import replaces those buckets. Audited (CANDLES_IMPORTED).
 */
export class ImportCandlesCommand extends Command<CandleImportView> {
  constructor(
    readonly adminId: string,
    readonly symbol: string,
    readonly interval: CandleInterval,
    readonly csv: string,
  ) {
    super();
  }
}
