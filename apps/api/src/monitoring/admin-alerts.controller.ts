import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Role } from '@lib/auth';
import { Alerts, type AlertView } from '@lib/platform';
import { Type } from 'class-transformer';
import { IsDateString, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';

const DAY_MS = 86_400_000;

export class AlertsQueryDto {
  @ApiPropertyOptional({ example: '2026-12-07T00:00:00.000Z', description: 'Recent alerts: those cleared at or after this time (default: 24 h ago)' })
  @IsOptional()
  @IsDateString({ strict: true })
  since?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100, description: 'At most this many recent (cleared) alerts' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

class AlertDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['warning', 'critical'] }) severity!: string;
  @ApiProperty({ enum: ['RECONCILE_MISMATCH', 'STALE_FEED', 'OUTBOX_LAG', 'EVENT_LOOP_DELAY', 'DATABASE_ERRORS', 'INSURANCE_FUND_LOW'], example: 'STALE_FEED' }) code!: string;
  @ApiProperty({ example: 'BTC-USDT', description: 'What it is about: a market, an asset, an instance id; empty for the whole exchange' }) subject!: string;
  @ApiProperty({ example: 'BTC-USDT\'s last price is 12 s old (over 5000 ms)' }) message!: string;
  @ApiPropertyOptional({ type: Object, example: { symbol: 'BTC-USDT', ageMs: 12004, thresholdMs: 5000 }, description: 'The figures that raised it' }) details?: Record<string, unknown>;
  @ApiProperty({ example: '2026-12-07T10:00:02.000Z', description: 'When it was raised' }) since!: string;
  @ApiProperty({ nullable: true, type: String, example: null, description: 'When its condition ended; null while open' }) clearedAt!: string | null;
}

class AlertsDto {
  @ApiProperty({ type: [AlertDto], description: 'Open alerts, oldest first' }) open!: AlertDto[];
  @ApiProperty({ type: [AlertDto], description: 'Cleared alerts, most recently cleared first' }) recent!: AlertDto[];
}

@ApiTags('admin')
@ApiBearerAuth('bearer')
@Roles(Role.ADMIN)
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['FORBIDDEN', 'ACCOUNT_SUSPENDED'] })
@Controller({ path: 'admin/alerts', version: '1' })
export class AdminAlertsController {
  constructor(private readonly alerts: Alerts) {}

  @Get()
  @ApiOperation({
    summary: 'Open and recent operational alerts',
    description:
      'An alert is raised once when its condition appears (a reconciliation mismatch, a stale price feed, outbox lag, event-loop delay, lost database connections, a low insurance fund) and cleared when it ends; ' +
      'the /admin socket namespace gets each change as `alert`. See docs/admin-monitoring.md for the conditions and their thresholds.',
  })
  @ApiOkResponse({ type: AlertsDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'] })
  async list(@Query() query: AlertsQueryDto): Promise<{ open: AlertView[]; recent: AlertView[] }> {
    const since = query.since ? new Date(query.since) : new Date(Date.now() - DAY_MS);
    const [open, recent] = await Promise.all([this.alerts.open(), this.alerts.recent(since, query.limit ?? 100)]);
    return { open, recent };
  }
}
