import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE } from './problem-details';
import { toProblem } from './problem-details.mapper';

/**
 * Every error leaves as application/problem+json; see problem-details.mapper.ts.
 * Nest routes Fastify's own errors (bad JSON, body too large, unknown route) here too.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    sendProblem(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }
}

export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply, logger: Logger): void {
  const path = request.url.split('?')[0] ?? request.url;
  const { problem, unexpected, headers } = toProblem(error, path, request.id);
  if (unexpected) logger.error(error instanceof Error ? error : String(error));
  void reply.status(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(problem);
}
