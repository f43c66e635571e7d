import { BadRequestException, NotFoundException } from '@nestjs/common';
import { AuthError, AuthErrorCode } from '@lib/auth';
import { statusOfDomainError } from './domain-error-status';
import { toProblem } from './problem-details.mapper';
import { RequestValidationError } from './request-validation.error';
import { SignalsError, SignalsErrorCode } from '@lib/signals';

const PATH = '/api/v1/auth/login';
const REQUEST_ID = 'req-123';

describe('toProblem', () => {
  describe('an AuthError', () => {
    it('keeps its code and message, with the status of the mapping and a stable type', () => {
      const { problem, unexpected, headers } = toProblem(
        new AuthError(AuthErrorCode.EMAIL_TAKEN, 'An account with this email already exists'),
        PATH,
        REQUEST_ID,
      );

      expect(problem).toEqual({
        type: 'urn:exchange:problem:EMAIL_TAKEN',
        title: 'Email taken',
        status: 409,
        detail: 'An account with this email already exists',
        code: 'EMAIL_TAKEN',
        instance: PATH,
        requestId: REQUEST_ID,
      });
      expect(unexpected).toBe(false);
      expect(headers).toEqual({});
    });

    it('sends Retry-After and the wait in the body for TOO_MANY_LOGIN_ATTEMPTS', () => {
      const error = new AuthError(AuthErrorCode.TOO_MANY_LOGIN_ATTEMPTS, 'Too many failed login attempts; try again later', {
        retryAfterSeconds: 42,
      });

      const { problem, headers } = toProblem(error, PATH, REQUEST_ID);

      expect(problem.status).toBe(429);
      expect(problem.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
      expect(problem['retryAfterSeconds']).toBe(42);
      expect(headers).toEqual({ 'retry-after': '42' });
    });

    it.each([
      AuthErrorCode.INVALID_CREDENTIALS,
      AuthErrorCode.UNAUTHENTICATED,
      AuthErrorCode.TOKEN_EXPIRED,
      AuthErrorCode.SESSION_REVOKED,
      AuthErrorCode.INVALID_REFRESH_TOKEN,
      AuthErrorCode.REFRESH_TOKEN_REUSED,
    ])('answers %s with 401 and WWW-Authenticate: Bearer', (code) => {
      const { problem, headers } = toProblem(new AuthError(code, 'no'), PATH, REQUEST_ID);

      expect(problem.status).toBe(401);
      expect(headers).toEqual({ 'www-authenticate': 'Bearer' });
    });

    it('sends no WWW-Authenticate for a 403', () => {
      const { problem, headers } = toProblem(new AuthError(AuthErrorCode.ACCOUNT_SUSPENDED, 'suspended'), PATH, REQUEST_ID);

      expect(problem.status).toBe(403);
      expect(headers).toEqual({});
    });
  });

  it('answers a RequestValidationError with 400 listing every field', () => {
    const fields = [
      { field: 'email', message: 'email must be an email' },
      { field: 'settings.theme', message: 'theme must be one of light, dark, system' },
    ];

    const { problem, unexpected } = toProblem(new RequestValidationError(fields), '/api/v1/auth/me', REQUEST_ID);

    expect(problem).toMatchObject({
      type: 'urn:exchange:problem:VALIDATION_FAILED',
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: 'The request has 2 invalid fields',
      errors: fields,
      instance: '/api/v1/auth/me',
    });
    expect(unexpected).toBe(false);
  });

  it('answers a NotFoundException with 404 NOT_FOUND naming the path', () => {
    const { problem, unexpected } = toProblem(new NotFoundException('Cannot GET /api/v1/nope'), '/api/v1/nope', REQUEST_ID);

    expect(problem).toMatchObject({
      type: 'urn:exchange:problem:NOT_FOUND',
      status: 404,
      code: 'NOT_FOUND',
      detail: 'No route for /api/v1/nope',
    });
    expect(unexpected).toBe(false);
  });

  it('answers a malformed JSON body with 400 MALFORMED_JSON', () => {
    const parseError = Object.assign(new Error('Unexpected token } in JSON'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 });

    const { problem } = toProblem(new BadRequestException('bad', { cause: parseError }), PATH, REQUEST_ID);

    expect(problem).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
  });

  it('answers any other error with a 500 that reveals nothing about the cause', () => {
    const error = new Error('select * from secret_table failed');

    const { problem, unexpected, headers } = toProblem(error, PATH, REQUEST_ID);
    const body = JSON.stringify(problem);

    expect(problem).toEqual({
      type: 'urn:exchange:problem:INTERNAL_ERROR',
      title: 'Internal error',
      status: 500,
      detail: 'An unexpected error occurred',
      code: 'INTERNAL_ERROR',
      instance: PATH,
      requestId: REQUEST_ID,
    });
    expect(body).not.toContain('secret_table');
    expect(body).not.toContain('select');
    expect(body).not.toMatch(/\bat\s.+:\d+:\d+/);
    expect(body).not.toContain('stack');
    expect(unexpected).toBe(true);
    expect(headers).toEqual({});
  });

  it('treats a thrown non-Error value as unexpected too', () => {
    const { problem, unexpected } = toProblem('boom: password=hunter2', PATH, REQUEST_ID);

    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toContain('hunter2');
    expect(unexpected).toBe(true);
  });
});

describe('statusOfDomainError', () => {
  it.each(Object.values(SignalsErrorCode))('maps signals code %s to a 4xx status', (code) => {
    const status = statusOfDomainError(new SignalsError(code, 'message'));

    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
  });

  it.each(Object.values(AuthErrorCode))('maps %s to a 4xx status', (code) => {
    const status = statusOfDomainError(new AuthError(code, 'message'));

    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
  });

  it.each([
    [AuthErrorCode.WEAK_PASSWORD, 400],
    [AuthErrorCode.INVALID_CREDENTIALS, 401],
    [AuthErrorCode.ACCOUNT_SUSPENDED, 403],
    [AuthErrorCode.CANNOT_CHANGE_OWN_ROLE, 403],
    [AuthErrorCode.USER_NOT_FOUND, 404],
    [AuthErrorCode.EMAIL_TAKEN, 409],
    [AuthErrorCode.TOO_MANY_LOGIN_ATTEMPTS, 429],
  ])('maps %s to %i', (code, status) => {
    expect(statusOfDomainError(new AuthError(code, 'message'))).toBe(status);
  });
});
