import { QueryFailedError } from 'typeorm';
import { toProblem } from './problem-details.mapper';

describe('toProblem: a lost database connection', () => {
  it('is 503 DATABASE_UNAVAILABLE with Retry-After, expected (no error log with a stack), saying nothing of the cause', () => {
    const error = new QueryFailedError('INSERT INTO orders.orders ...', ['secret'], Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
    const { problem, unexpected, headers } = toProblem(error, '/api/v1/orders', 'req-1');
    expect(problem).toEqual({
      type: 'urn:exchange:problem:DATABASE_UNAVAILABLE',
      title: 'Database unavailable',
      status: 503,
      detail: 'The database connection was lost; retry shortly',
      code: 'DATABASE_UNAVAILABLE',
      instance: '/api/v1/orders',
      requestId: 'req-1',
      retryAfterSeconds: 1,
    });
    expect(unexpected).toBe(false);
    expect(headers).toEqual({ 'retry-after': '1' });
  });

  it('covers a refused reconnection and a server still starting up', () => {
    for (const error of [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), Object.assign(new Error('the database system is starting up'), { code: '57P03' })]) {
      expect(toProblem(error, '/api/v1/wallet', 'r').problem.code).toBe('DATABASE_UNAVAILABLE');
    }
  });

  it('leaves other database errors as 500 INTERNAL_ERROR', () => {
    const error = new QueryFailedError('SELECT', [], Object.assign(new Error('syntax error'), { code: '42601' }));
    expect(toProblem(error, '/api/v1/orders', 'r')).toMatchObject({ problem: { status: 500, code: 'INTERNAL_ERROR' }, unexpected: true });
  });
});
