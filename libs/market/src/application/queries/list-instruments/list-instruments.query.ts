import { Query } from '@nestjs/cqrs';
import { Instrument } from '../../../domain';

/** Every market in integers, ordered by symbol. */
export class ListInstrumentsQuery extends Query<readonly Instrument[]> {}
