import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Header, NotFoundException, Req, Res, UnauthorizedException, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AppConfig, Metrics } from '@lib/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';

/**
 * GET /api/metrics: Prometheus text format (prom-client). METRICS=off answers
 * 404; with METRICS_TOKEN it asks for `Authorization: Bearer <token>` (401).
 * Not rate limited (a scraper calls it every few seconds).
 */
@ApiTags('health')
@Public()
@Controller({ path: 'metrics', version: VERSION_NEUTRAL })
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Prometheus metrics (text exposition format)',
    description:
      'Process and runtime metrics (CPU, memory, event-loop delay, GC), `http_request_duration_seconds` by method, route template and status, ' +
      'the database pool, the outbox relay, the markets\' queues and the conditional orders watched. METRICS=off: 404; METRICS_TOKEN set: Bearer token required. ' +
      'See docs/operations.md for a scrape config and docs/grafana-dashboard.json.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The metrics', schema: { type: 'string', example: '# HELP http_request_duration_seconds ...\n# TYPE http_request_duration_seconds histogram\n' } })
  @ApiProblems({ 401: ['UNAUTHENTICATED'], 404: ['NOT_FOUND'] })
  async scrape(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { enabled, token } = this.config.metrics;
    if (!enabled) throw new NotFoundException('Metrics are off (METRICS=off)');
    if (token !== null && !sameToken(request.headers.authorization, `Bearer ${token}`)) throw new UnauthorizedException('A bearer token (METRICS_TOKEN) is required');
    void reply.header('content-type', this.metrics.contentType);
    return this.metrics.text();
  }
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
