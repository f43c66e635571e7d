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
  @ApiProperty({ example: '3f9a1c07b2e4', description: 'A random id of this process, drawn at start; every log line of the process carries it' }) instance!: string;
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
  @ApiOperation({ summary: 'Liveness: the process is up and serving (the only route never refused by load shedding)' })
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: PostgreSQL answers (and Redis, when configured); 503 while shutting down',
    description: 'The checks run at most about once a second; probes in between get the last result. Shed (503 OVERLOADED) like any route when the process is overloaded.',
  })
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
