import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { operationIdOf } from './openapi/operation-ids';
import { postProcessOpenApi } from './openapi/post-process';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Exchange API')
    .setDescription(
      'Self-hosted exchange backend. Amounts, prices and quantities are decimal strings. ' +
        'Errors are RFC 9457 problem details (application/problem+json) with a stable `code`. ' +
        'Every response carries X-Request-Id (echoed when the request sends one). ' +
        'Every route but health may answer 429 RATE_LIMITED (Retry-After, RateLimit-* headers) and 503 OVERLOADED (Retry-After). ' +
        'Bots may sign requests with an API key instead of a bearer token (POST /api/v1/api-keys): headers X-API-Key, X-API-Timestamp (ms), ' +
        'X-API-Recv-Window (ms, default 5000, at most 60000) and X-API-Signature over `timestamp\\nrecvWindow\\nMETHOD\\npath\\nrawQuery\\nhex(sha256(rawBody))` ' +
        '(HMAC-SHA256 in hex, or Ed25519 in base64url). GET routes need READ; order, position and kill-switch writes TRADE; withdrawals and transfers WITHDRAW; ' +
        'auth, API-key and admin routes take no key. Refusals: 400 API_KEY_HEADERS, 401 API_KEY_INVALID, TIMESTAMP_OUTSIDE_WINDOW, SIGNATURE_INVALID, SIGNATURE_REPLAYED, ' +
        '403 IP_NOT_ALLOWED, API_KEY_PERMISSION, ACCOUNT_SUSPENDED (docs/api-keys.md).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from /api/v1/auth/login' }, 'bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: operationIdOf });
  return postProcessOpenApi(document);
}

/** Swagger UI at /docs, the OpenAPI JSON at /docs-json. */
export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
