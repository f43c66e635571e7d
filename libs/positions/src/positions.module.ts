import { Module } from '@nestjs/common';
import { PositionRepository } from './application/ports';
import { GetAccountMarginHandler } from './application/queries/get-account-margin/get-account-margin.handler';
import { GetPositionChangeViewHandler } from './application/queries/get-position-change-view/get-position-change-view.handler';
import { GetPositionHistoryHandler } from './application/queries/get-position-history/get-position-history.handler';
import { GetOpenInterestHandler } from './application/queries/get-open-interest/get-open-interest.handler';
import { GetPositionsHandler } from './application/queries/get-positions/get-positions.handler';
import { GetPositionTotalsHandler } from './application/queries/get-position-totals/get-position-totals.handler';
import { GetTransferableMarginHandler } from './application/queries/get-transferable-margin/get-transferable-margin.handler';
import { MarginAccounts } from './application/queries/margin-accounts';
import { SqlPositionRepository } from './infrastructure/repositories/sql-position.repository';

/**
 * Perpetual positions and margin (issue 14, docs/positions.md). Exports the
 * repository the order write path writes positions through, in its batch's
 * transaction; answers the wallet's GetTransferableMarginQuery and the
 * position and margin views of the API (REST and the /user stream).
 */
@Module({
  providers: [
    GetTransferableMarginHandler,
    MarginAccounts,
    GetPositionsHandler,
    GetOpenInterestHandler,
    GetPositionHistoryHandler,
    GetAccountMarginHandler,
    GetPositionChangeViewHandler,
    GetPositionTotalsHandler,
    { provide: PositionRepository, useClass: SqlPositionRepository },
  ],
  exports: [PositionRepository],
})
export class PositionsModule {}
