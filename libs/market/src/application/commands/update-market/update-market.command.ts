import { Command } from '@nestjs/cqrs';
import { MarketChanges } from '../../../domain';
import { InstrumentView } from '../../views';

/** An admin halts, reopens or re-parameterises a market (audited with before/after). */
export class UpdateMarketCommand extends Command<InstrumentView> {
  constructor(
    readonly adminId: string,
    readonly symbol: string,
    readonly changes: MarketChanges,
  ) {
    super();
  }
}
