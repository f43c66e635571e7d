import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '@lib/auth';
import { ReconciliationJob } from '@lib/risk';
import type { ReconciliationStatus } from '@lib/risk';
import { Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { ReconciliationStatusDto } from './reconciliation.dto';

@ApiTags('admin')
@ApiBearerAuth('bearer')
@Roles(Role.ADMIN)
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['FORBIDDEN', 'ACCOUNT_SUSPENDED'] })
@Controller({ path: 'admin/reconciliation', version: '1' })
export class AdminReconciliationController {
  constructor(private readonly job: ReconciliationJob) {}

  @Get()
  @ApiOperation({
    summary: 'The continuous reconciliation\'s last check (every RECONCILE_INTERVAL_MS on one instance; run now on an instance that has none)',
    description:
      'One snapshot of the database: the ledger, locked funds against open orders\' holds (and pending withdrawals, isolated margins), open interest per perpetual, the CLEARING balance per settlement asset; the markets a finding implicates, and those it halted (RECONCILE_HALT_ON_MISMATCH).',
  })
  @ApiOkResponse({ type: ReconciliationStatusDto })
  @ApiProblems({ 503: ['DATABASE_UNAVAILABLE', 'SHUTTING_DOWN'] })
  async status(): Promise<ReconciliationStatus> {
    return this.job.status.checkedAt === null ? this.job.check() : this.job.status;
  }
}
