import { Writable } from 'node:stream';
import pino from 'pino';
import { QueryFailedError } from 'typeorm';
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
