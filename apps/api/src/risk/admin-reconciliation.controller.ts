import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Role } from '@lib/auth';
import { ReconciliationJob } from '@lib/risk';
import type { ReconciliationStatus } from '@lib/risk';
import { Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';

class ReconciliationStatusDto {
  @ApiProperty({ nullable: true, type: String, example: '2026-12-07T10:00:00.000Z', description: 'When the last check ran' }) checkedAt!: string | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Nothing wrong (null before the first check)' }) ok!: boolean | null;
  @ApiProperty({
    nullable: true,
    type: Object,
    description: 'The ledger report: `assets` (postings per asset, `balanced`), `mismatchedAccounts` (balances that are not their postings), `negativeBalances`',
  })
  report!: unknown;
}

@ApiTags('admin')
@ApiBearerAuth('bearer')
@Roles(Role.ADMIN)
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['FORBIDDEN', 'ACCOUNT_SUSPENDED'] })
@Controller({ path: 'admin/reconciliation', version: '1' })
export class AdminReconciliationController {
  constructor(private readonly job: ReconciliationJob) {}

  @Get()
  @ApiOperation({
    summary: 'The continuous reconciliation\'s last check of the ledger (every RECONCILE_INTERVAL_MS on one instance; run now on an instance that has none)',
  })
  @ApiOkResponse({ type: ReconciliationStatusDto })
  async status(): Promise<ReconciliationStatus> {
    return this.job.status.checkedAt === null ? this.job.check() : this.job.status;
  }
}
