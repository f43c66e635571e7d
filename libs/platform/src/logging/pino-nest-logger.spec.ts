import { Writable } from 'node:stream';
import pino from 'pino';
import { QueryFailedError } from 'typeorm';
import { CONNECTION_LOSS_LOG_WINDOW_MS, ConnectionLossLog } from '../database/connection-loss';
import { PinoNestLogger } from './pino-nest-logger';

describe('PinoNestLogger', () => {
  function capture(): { logger: PinoNestLogger; lines: () => Record<string, unknown>[] } {
    const chunks: string[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => (chunks.push(String(chunk)), done()) });
    return { logger: new PinoNestLogger(pino({ level: 'trace' }, stream)), lines: () => chunks.map((c) => JSON.parse(c)) };
  }

  it('never logs the parameters a failed query carries', () => {
    const { logger, lines } = capture();
    const error = new QueryFailedError('INSERT INTO auth.users ...', ['$argon2id$v=19$secret-hash', 'refresh-token-value'], new Error('boom'));
    logger.error(error, 'HTTP');
    const line = JSON.stringify(lines()[0]);
    expect(line).toContain('boom');
    expect(line).not.toContain('secret-hash');
    expect(line).not.toContain('refresh-token-value');
    expect(lines()[0]).toMatchObject({ level: 50, context: 'HTTP' });
  });

  it('keeps the Nest context and the message of plain log lines', () => {
    const { logger, lines } = capture();
    logger.log('listening', 'NestApplication');
    expect(lines()[0]).toMatchObject({ level: 30, context: 'NestApplication', msg: 'listening' });
  });
});

describe('PinoNestLogger: a lost database connection', () => {
  it('is one warning without a stack per outage, whoever reports it; the rest go to debug', () => {
    const chunks: string[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => (chunks.push(String(chunk)), done()) });
    const logger = new PinoNestLogger(pino({ level: 'trace' }, stream));
    const lost = (): Error => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    ConnectionLossLog.shared.take(Date.now() - CONNECTION_LOSS_LOG_WINDOW_MS * 2);

    for (let i = 0; i < 30; i++) logger.error(new QueryFailedError('INSERT ...', ['secret-parameter'], lost()), 'HTTP');
    logger.warn(lost(), 'WithdrawalCompletionJob');

    const lines = chunks.map((c) => JSON.parse(c) as Record<string, unknown>);
    const warnings = lines.filter((l) => l['level'] === 40);
    expect(warnings).toEqual([
      expect.objectContaining({ context: 'HTTP', msg: 'database connection lost', error: { type: 'QueryFailedError', message: 'terminating connection due to administrator command', code: '57P01' } }),
    ]);
    expect(lines.filter((l) => l['level'] === 50)).toEqual([]);
    expect(lines.filter((l) => l['level'] === 20)).toHaveLength(30);
    expect(chunks.join('')).not.toMatch(/stack|secret-parameter/);
  });
});
