import { Query } from '@nestjs/cqrs';
import { Instrument } from '../../../domain';

/** One market in integers (for other contexts); MARKET_NOT_FOUND when unknown. Symbols are case-insensitive. */
export class GetInstrumentQuery extends Query<Instrument> {
  constructor(readonly symbol: string) {
    super();
  }
}
