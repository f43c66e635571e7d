import { Module } from '@nestjs/common';
import { PositionRepository } from './application/ports';
import { GetTransferableMarginHandler } from './application/queries/get-transferable-margin/get-transferable-margin.handler';
import { SqlPositionRepository } from './infrastructure/repositories/sql-position.repository';

/**
 * Perpetual positions and margin (issue 14, docs/positions.md). Exports the
 * repository the order write path writes positions through, in its batch's
 * transaction; answers the wallet's GetTransferableMarginQuery.
 */
@Module({
  providers: [GetTransferableMarginHandler, { provide: PositionRepository, useClass: SqlPositionRepository }],
  exports: [PositionRepository],
})
export class PositionsModule {}
