import { Command } from '@nestjs/cqrs';
import { MarketDefinition } from '../../../domain';
import { InstrumentView } from '../../views';

/** An admin lists a new market (audited; MARKET_UPDATED goes to the outbox). */
export class CreateMarketCommand extends Command<InstrumentView> {
  constructor(
    readonly adminId: string,
    readonly definition: MarketDefinition,
  ) {
    super();
  }
}
