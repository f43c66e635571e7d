import { Controller, Get, HttpCode, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthService } from '@lib/platform';
import type { HealthReport } from '@lib/platform';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';

class HealthChecksDto {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' }) database!: string;
  @ApiProperty({ enum: ['up', 'down', 'disabled'], example: 'disabled', description: '`disabled` when REDIS_URL is not set' }) redis!: string;
}

class HealthDto {
  @ApiProperty({ enum: ['ok', 'error'], example: 'ok' }) status!: string;
  @ApiProperty({ type: HealthChecksDto }) checks!: HealthChecksDto;
}

class LivenessDto {
  @ApiProperty({ example: 'ok' }) status!: string;
}

@ApiTags('health')
@Public()
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'Overall health (same checks as readiness)' })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto })
  async overall(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    return this.report(reply);
  }

  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process is up and serving' })
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: PostgreSQL answers (and Redis, when configured); 503 while shutting down' })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    return this.report(reply);
  }

  private async report(reply: FastifyReply): Promise<HealthReport> {
    const report = await this.health.check();
    void reply.status(report.status === 'ok' ? 200 : 503);
    return report;
  }
}
