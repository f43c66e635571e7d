import 'reflect-metadata';
import { VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, PinoNestLogger } from '@lib/platform';
import { LogController } from 'fastify';
import { ClsService } from 'nestjs-cls';
import { Logger } from 'pino';
import { AppModule } from '../app.module';
import { RealtimeIoAdapter } from '../realtime/realtime-io.adapter';
import { installLoadShedding } from '../http/load-shedding';
import { fastifyTrustProxy } from '../http/rate-limit/trust-proxy';
import { installRequestContext, requestIdOf } from '../http/request-context';
import { setupSwagger } from './swagger';

export interface CreateAppOptions {
  readonly config: AppConfig;
  readonly databaseUrl: string;
  readonly logger: Logger;
}

/**
 * Builds the HTTP application (not yet listening): Fastify, measured several
 * times faster than Express for the same Nest routes on these machines.
 * Used by main.ts and by the e2e tests, so both run the same app.
 */
export async function createApp({ config, databaseUrl, logger }: CreateAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // One line per request is logged by our own hook, with the request id from the context.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestIdOf,
    requestIdHeader: false,
    trustProxy: fastifyTrustProxy(config.http.trustProxy),
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ config, databaseUrl, logger }), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });

  const fastify = app.getHttpAdapter().getInstance();
  installLoadShedding(fastify, config.http.maxInFlight);
  installRequestContext(fastify, app.get(ClsService), logger);

  app.setGlobalPrefix('api');
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  if (config.http.corsOrigins === true || config.http.corsOrigins.length > 0) {
    app.enableCors({ origin: config.http.corsOrigins === true ? true : [...config.http.corsOrigins], exposedHeaders: ['x-request-id', 'retry-after', 'idempotent-replayed', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-policy'] });
  }
  setupSwagger(app);
  app.useWebSocketAdapter(new RealtimeIoAdapter(app, config));
  await app.init();
  return app;
}
