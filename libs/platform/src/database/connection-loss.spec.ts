import { QueryFailedError } from 'typeorm';
import { CONNECTION_LOSS_LOG_WINDOW_MS, ConnectionLossLog, describeConnectionLoss, isConnectionLoss } from './connection-loss';

function pgError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code ? { code } : {});
}

describe('isConnectionLoss', () => {
  it.each([
    ['a session ended by a fast restart (57P01)', pgError('terminating connection due to administrator command', '57P01')],
    ['a server shutting down (57P03)', pgError('the database system is shutting down', '57P03')],
    ['a server starting up', pgError('the database system is starting up', '57P03')],
    ['a connection failure (08006)', pgError('connection failure', '08006')],
    ['a refused socket', pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset socket', pgError('read ECONNRESET', 'ECONNRESET')],
    ['node-postgres losing its socket', pgError('Connection terminated unexpectedly')],
    ['a client used after its socket died', pgError('Client has encountered a connection error and is not queryable')],
    ['the pool waiting for a connection in vain', pgError('timeout exceeded when trying to connect')],
    ['TypeORM on a transaction whose connection died', Object.assign(new Error('Query runner already released. Cannot run queries anymore.'), { name: 'QueryRunnerAlreadyReleasedError' })],
    ['TypeORM wrapping a lost connection', new QueryFailedError('SELECT 1', [], pgError('Connection terminated unexpectedly'))],
    ['an error caused by one', new Error('could not settle', { cause: pgError('x', '57P01') })],
  ])('is true for %s', (_, error) => {
    expect(isConnectionLoss(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], pgError('duplicate key value violates unique constraint', '23505'))],
    ['a serialization failure', pgError('could not serialize access', '40001')],
    ['a syntax error', pgError('syntax error at or near "SELEC"', '42601')],
    ['a statement timeout', pgError('canceling statement due to statement timeout', '57014')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing', undefined],
    ['a string', 'Connection terminated'],
  ])('is false for %s', (_, error) => {
    expect(isConnectionLoss(error)).toBe(false);
  });
});

describe('describeConnectionLoss', () => {
  it('keeps the type, message and code, never the stack or the query parameters', () => {
    const error = new QueryFailedError('INSERT INTO auth.users ...', ['$argon2id$secret-hash'], pgError('terminating connection due to administrator command', '57P01'));
    const described = describeConnectionLoss(error);
    expect(described).toEqual({ type: 'QueryFailedError', message: 'terminating connection due to administrator command', code: '57P01' });
    expect(JSON.stringify(described)).not.toContain('secret-hash');
  });
});

describe('ConnectionLossLog', () => {
  it('warns once per window and counts the losses it kept quiet', () => {
    const log = new ConnectionLossLog();
    expect(log.take(1000)).toEqual({ suppressed: 0 });
    for (let i = 0; i < 54; i++) expect(log.take(1000 + i * 10)).toBeUndefined();
    expect(log.take(1000 + CONNECTION_LOSS_LOG_WINDOW_MS)).toEqual({ suppressed: 54 });
    expect(log.take(2000 + CONNECTION_LOSS_LOG_WINDOW_MS)).toBeUndefined();
  });
});
