import 'reflect-metadata';
import { VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, Metrics, PinoNestLogger } from '@lib/platform';
import { LogController } from 'fastify';
import { ClsService } from 'nestjs-cls';
import { Logger } from 'pino';
import { AppModule } from '../app.module';
import { RealtimeIoAdapter } from '../realtime/realtime-io.adapter';
import { installLoadShedding } from '../http/load-shedding';
import { clientErrorHandler, frameworkErrors } from '../http/framework-errors';
import { useJsonBodyParser } from '../http/json-body';
import { useCsvBodyParser } from '../http/csv-body';
import { CANDLE_IMPORT_ROUTE } from '../market/admin-markets.controller';
import { corsOptions } from '../http/cors-options';
import { fastifyTrustProxy } from '../http/rate-limit/trust-proxy';
import { installRequestContext, requestIdOf } from '../http/request-context';
import { ShutdownGate } from '../http/shutdown-gate';
import { setupSwagger } from './swagger';

const BODY_LIMIT = 1024 * 1024;

export interface CreateAppOptions {
  readonly config: AppConfig;
  readonly databaseUrl: string;
  readonly logger: Logger;
  /** Refuses new requests once shutdown starts (main.ts closes it on SIGTERM/SIGINT). */
  readonly gate?: ShutdownGate;
}

/**
 * Builds the HTTP application (not yet listening): Fastify, measured several
 * times faster than Express for the same Nest routes on these machines.
 * Used by main.ts and by the e2e tests, so both run the same app.
 */
export async function createApp({ config, databaseUrl, logger, gate = new ShutdownGate() }: CreateAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // One line per request is logged by our own hook, with the request id from the context.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestIdOf,
    requestIdHeader: false,
    trustProxy: fastifyTrustProxy(config.http.trustProxy),
    bodyLimit: BODY_LIMIT,
    // The shutdown gate answers requests during shutdown (problem details with Retry-After), before Fastify closes.
    return503OnClosing: false,
    // The router's own 400 (a URL that does not decode) and 414 (a path parameter
    // over 100 characters), and Node's 431/400/408, leave as problem details too.
    frameworkErrors,
    clientErrorHandler,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ config, databaseUrl, logger }), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });

  useJsonBodyParser(app, BODY_LIMIT);
  useCsvBodyParser(app, [CANDLE_IMPORT_ROUTE]);
  const fastify = app.getHttpAdapter().getInstance();
  gate.install(fastify);
  installLoadShedding(fastify, config.http.maxInFlight);
  installRequestContext(fastify, app.get(ClsService), logger);
  const metrics = app.get(Metrics);
  fastify.addHook('onResponse', (request, reply, done) => {
    // The route's template (`/api/v1/orders/:id`), never the raw URL: one series per route, whatever the ids.
    metrics.observeHttp(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000, (request as { user?: { userId?: string } }).user?.userId);
    done();
  });

  app.setGlobalPrefix('api');
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  const cors = corsOptions(config.http.corsOrigins);
  if (cors) app.enableCors(cors);
  setupSwagger(app);
  app.useWebSocketAdapter(new RealtimeIoAdapter(app, config));
  try {
    await app.init();
  } catch (error) {
    // A refused boot (e.g. ADMIN_PROMOTION_REFUSED) leaves no pool, timer or connection behind.
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
