import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { PERFORMANCE_INTERVALS, type PerformanceInterval } from '@lib/portfolio';

const TIME = /^(\d{1,15}|\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?)$/;
const INTERVALS = Object.keys(PERFORMANCE_INTERVALS);

export class PerformanceQueryDto {
  @ApiPropertyOptional({ enum: INTERVALS, default: '1h', description: 'Bucket width: the last snapshot of each bucket is returned' })
  @IsOptional()
  @IsIn(INTERVALS)
  interval?: PerformanceInterval;

  @ApiPropertyOptional({ example: '2026-11-21T00:00:00Z', description: 'Start (inclusive): ISO-8601 or epoch milliseconds; default 100 intervals before `to`' })
  @IsOptional()
  @IsString()
  @Matches(TIME, { message: 'from must be an ISO-8601 time or epoch milliseconds' })
  from?: string;

  @ApiPropertyOptional({ example: '1763769600000', description: 'End (inclusive): ISO-8601 or epoch milliseconds; default now. When now or later, the current equity is the last point' })
  @IsOptional()
  @IsString()
  @Matches(TIME, { message: 'to must be an ISO-8601 time or epoch milliseconds' })
  to?: string;
}
