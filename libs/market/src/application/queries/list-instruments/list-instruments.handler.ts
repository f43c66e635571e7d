import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Instrument } from '../../../domain';
import { InstrumentCatalog } from '../../ports';
import { ListInstrumentsQuery } from './list-instruments.query';

@QueryHandler(ListInstrumentsQuery)
export class ListInstrumentsHandler implements IQueryHandler<ListInstrumentsQuery> {
  constructor(private readonly catalog: InstrumentCatalog) {}

  execute(): Promise<readonly Instrument[]> {
    return this.catalog.all();
  }
}
