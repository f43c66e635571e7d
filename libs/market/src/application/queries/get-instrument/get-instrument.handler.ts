import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Instrument } from '../../../domain';
import { InstrumentCatalog } from '../../ports';
import { GetInstrumentQuery } from './get-instrument.query';

@QueryHandler(GetInstrumentQuery)
export class GetInstrumentHandler implements IQueryHandler<GetInstrumentQuery> {
  constructor(private readonly catalog: InstrumentCatalog) {}

  execute(query: GetInstrumentQuery): Promise<Instrument> {
    return this.catalog.get(query.symbol);
  }
}
