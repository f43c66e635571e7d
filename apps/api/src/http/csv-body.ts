import { NestFastifyApplication } from '@nestjs/platform-fastify';

/** What a CSV upload may weigh (with MAX_IMPORT_ROWS rows in the market context): ~100 bytes a row. */
export const CSV_BODY_LIMIT = 10 * 1024 * 1024;

/** A text/csv body sent to a route that takes none: 415, as for any other unknown type. */
class CsvNotAcceptedError extends Error {
  readonly code = 'FST_ERR_CTP_INVALID_MEDIA_TYPE';
  readonly statusCode = 415;

  constructor() {
    super('Unsupported Media Type: text/csv');
  }
}

/**
 * text/csv bodies, as a UTF-8 string, up to CSV_BODY_LIMIT (the app's limit
 * is 1 MiB), for the routes listed only: Fastify has matched the route before
 * it parses, so any other route refuses the type (415) instead of reading
 * 10 MiB. Today: the admin candle import.
 */
export function useCsvBodyParser(app: NestFastifyApplication, routes: readonly string[]): void {
  const accepted = new Set(routes);
  app.useBodyParser('text/csv', { bodyLimit: CSV_BODY_LIMIT }, (request, body, done) => {
    if (!accepted.has(request.routeOptions.url ?? '')) {
      done(new CsvNotAcceptedError(), undefined);
      return;
    }
    done(null, body.toString('utf8'));
  });
}
