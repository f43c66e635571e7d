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
        'Every route but health may answer 429 RATE_LIMITED (Retry-After, RateLimit-* headers) and 503 OVERLOADED (Retry-After).',
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
