// The public face of the positions context (issue 14): the position arithmetic and margin, the
// repository port the order write path writes through, its integration event, the module and its tables.
export * from './domain';
export * from './application/ports';
export * from './application/events';
export { PositionsModule } from './positions.module';
export { POSITIONS_ENTITIES, POSITIONS_MIGRATIONS } from './infrastructure/schema';
