import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '@lib/auth';
import { Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { AdminStats, AdminStatsView } from './admin-stats';
import { AdminStatsDto } from './admin-stats.dto';

@ApiTags('admin')
@ApiBearerAuth('bearer')
@Roles(Role.ADMIN)
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['FORBIDDEN', 'ACCOUNT_SUSPENDED'] })
@Controller({ path: 'admin/stats', version: '1' })
export class AdminStatsController {
  constructor(private readonly stats: AdminStats) {}

  @Get()
  @ApiOperation({
    summary: 'The exchange at a glance: users, 24 h trading per market, open orders, outbox lag, open interest and insurance fund',
    description:
      'Read now from the database (nothing cached, each figure one indexed query): accounts (total, and active in the last 24 h: a log-in or a ' +
      'token refresh in the window), per market the trades of the last 24 h (count, base and quote volume, trading fees charged) from the trades ' +
      'table and its open and untriggered orders now, the outbox relay\'s backlog, and per perpetual its open interest and the insurance fund of ' +
      'its settlement asset. Amounts are exact decimal strings.',
  })
  @ApiOkResponse({ type: AdminStatsDto })
  @ApiProblems({ 503: ['DATABASE_UNAVAILABLE'] })
  read(): Promise<AdminStatsView> {
    return this.stats.read();
  }
}
