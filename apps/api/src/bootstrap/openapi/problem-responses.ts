import { OperationObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, problemTitle, problemType } from '../../http/problem-details';

const PROBLEM_SCHEMA = '#/components/schemas/ProblemDto';

const DETAILS: Readonly<Record<string, string>> = {
  RATE_LIMITED: 'Too many requests from this client for this route; retry after Retry-After seconds',
  OVERLOADED: 'The server is serving as many requests as it can; retry shortly',
  MARKET_BUSY: 'BTC-USDT has too many commands waiting; retry shortly',
  OUTCOME_UNKNOWN: 'The database connection failed while this command was committing: it may have taken effect. Look it up before sending it again.',
};

/**
 * Adds codes to a route's problem answer of one status, creating it when the
 * route had none (with the same shape as @ApiProblems: one named example per
 * code) and adding the given headers.
 */
export function addProblemCodes(
  operation: OperationObject,
  status: number,
  summary: string,
  codes: readonly string[],
  headers: Readonly<Record<string, ReferenceObject>> = {},
): void {
  const key = String(status);
  const existing = operation.responses[key] as ResponseObject | undefined;
  const response: ResponseObject = existing ?? { description: `${summary}: ${codes.join(', ')}` };
  const content = (response.content ??= {});
  const media = (content[PROBLEM_CONTENT_TYPE] ??= { schema: { $ref: PROBLEM_SCHEMA } });
  const examples = (media.examples ??= {});
  for (const code of codes) {
    if (code in examples) continue;
    examples[code] = { value: { type: problemType(code), title: problemTitle(code), status, detail: DETAILS[code] ?? '...', code } };
  }
  if (existing) {
    const known = existing.description.split(/[:,]\s*/);
    const added = codes.filter((c) => !known.includes(c));
    if (added.length > 0) existing.description = `${existing.description}, ${added.join(', ')}`;
  }
  response.headers = { ...response.headers, ...headers };
  operation.responses[key] = response;
}

/**
 * The `code` of each problem answer as an enum of the codes that route and
 * status can carry (the names of its examples), so a generated client can
 * switch on them; the shared ProblemDto stays the base.
 */
export function narrowProblemCodes(operation: OperationObject): void {
  for (const [status, entry] of Object.entries(operation.responses)) {
    const media = (entry as ResponseObject).content?.[PROBLEM_CONTENT_TYPE];
    const codes = Object.keys(media?.examples ?? {});
    if (!media || codes.length === 0) continue;
    const properties: Record<string, SchemaObject> = { code: { type: 'string', enum: codes } };
    // A range key ('4XX') or 'default' has no single status to pin.
    if (/^\d{3}$/.test(status)) properties['status'] = { type: 'integer', enum: [Number(status)] };
    const narrowed: SchemaObject = { type: 'object', properties };
    media.schema = { allOf: [{ $ref: PROBLEM_SCHEMA }, narrowed] };
  }
}
