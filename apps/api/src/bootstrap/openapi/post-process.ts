import { OpenAPIObject, OperationObject, ParameterObject, ResponseObject } from '@nestjs/swagger';
import { ORDER_WRITING_OPERATIONS } from './operation-ids';
import { addProblemCodes, narrowProblemCodes } from './problem-responses';
import { RATE_LIMITED_HEADERS, RESPONSE_HEADERS, headerRef } from './response-headers';
import { nameSharedEnums } from './named-enums';

/** Set by @Public() (auth.decorators.ts): the route needs no token. */
export const PUBLIC_EXTENSION = 'x-public';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * What every route shares, added to the generated document in one place so
 * that routes added later get it without a decorator each:
 * - `security`: the bearer scheme, or `[]` on @Public() routes;
 * - 429 RATE_LIMITED (with Retry-After and the RateLimit-* headers) and 503
 *   OVERLOADED (load shedding, with Retry-After) on every route but health;
 *   503 MARKET_BUSY and OUTCOME_UNKNOWN on the order-writing routes;
 * - X-Request-Id on every response, Idempotent-Replayed on the successes of
 *   routes that take an Idempotency-Key;
 * - each problem answer's `code` as an enum of the codes it may carry;
 * - shared enums as named schemas; `servers`; the license.
 */
export function postProcessOpenApi(doc: OpenAPIObject): OpenAPIObject {
  doc.servers = [{ url: '/', description: 'This server (every path starts with /api)' }];
  doc.info.license = { name: 'UNLICENSED (proprietary)' };
  doc.components = { ...doc.components, headers: { ...doc.components?.headers, ...RESPONSE_HEADERS } };
  nameSharedEnums(doc);
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) processOperation(path, operation);
    }
  }
  return doc;
}

function processOperation(path: string, operation: OperationObject): void {
  const extensions = operation as unknown as Record<string, unknown>;
  if (extensions[PUBLIC_EXTENSION]) {
    operation.security = [];
    delete extensions[PUBLIC_EXTENSION];
  } else {
    operation.security = [{ bearer: [] }];
  }
  if (!path.startsWith('/api/health')) {
    // Health probes are never rate limited nor shed (load-shedding.ts).
    addProblemCodes(operation, 429, 'Too many requests', ['RATE_LIMITED'], RATE_LIMITED_HEADERS);
    const orderCodes = ORDER_WRITING_OPERATIONS.has(operation.operationId ?? '') ? ['MARKET_BUSY', 'OUTCOME_UNKNOWN'] : [];
    addProblemCodes(operation, 503, 'Unavailable, retry later', ['OVERLOADED', ...orderCodes], { 'Retry-After': headerRef('RetryAfter') });
  }
  const idempotent = dedupeHeaderParameters(operation).some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key');
  for (const [status, entry] of Object.entries(operation.responses)) {
    const response = entry as ResponseObject;
    response.headers = { 'X-Request-Id': headerRef('XRequestId'), ...response.headers };
    if (idempotent && status.startsWith('2')) response.headers['Idempotent-Replayed'] = headerRef('IdempotentReplayed');
  }
  narrowProblemCodes(operation);
}

/** Header names are case-insensitive: two decorators declaring `Idempotency-Key` and `idempotency-key` are one parameter. */
function dedupeHeaderParameters(operation: OperationObject): ParameterObject[] {
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  const seen = new Map<string, ParameterObject>();
  const kept = parameters.filter((parameter) => {
    if (parameter.in !== 'header') return true;
    const key = parameter.name.toLowerCase();
    const first = seen.get(key);
    if (!first) {
      seen.set(key, parameter);
      return true;
    }
    // Keep the capitalised spelling and the stricter requirement.
    if (/[A-Z]/.test(parameter.name)) first.name = parameter.name;
    first.required = Boolean(first.required || parameter.required);
    first.description ??= parameter.description;
    return false;
  });
  operation.parameters = kept;
  return kept;
}
