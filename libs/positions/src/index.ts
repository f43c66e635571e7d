// The public face of the positions context (issue 14): the position arithmetic and margin, the
// repository port the order write path writes through, its integration event, the module and its tables.
export * from './domain';
export * from './application/ports';
export * from './application/events';
export { PositionsModule } from './positions.module';
export { POSITIONS_ENTITIES, POSITIONS_MIGRATIONS } from './infrastructure/schema';
export * from './application/position-view';
export { GetPositionsQuery } from './application/queries/get-positions/get-positions.query';
export { GetOpenInterestQuery, type OpenInterest } from './application/queries/get-open-interest/get-open-interest.query';
export { GetPositionHistoryQuery, type ClosedPositionViewPage } from './application/queries/get-position-history/get-position-history.query';
export { GetAccountMarginQuery } from './application/queries/get-account-margin/get-account-margin.query';
export { GetPositionChangeViewQuery } from './application/queries/get-position-change-view/get-position-change-view.query';
export { GetPositionTotalsQuery, type PositionTotals } from './application/queries/get-position-totals/get-position-totals.query';
