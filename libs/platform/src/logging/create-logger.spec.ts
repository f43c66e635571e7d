import { hostname } from 'node:os';
import { Writable } from 'node:stream';
import { createLogger, resolveLogFormat } from './create-logger';
import { INSTANCE_ID } from './instance-id';

describe('createLogger', () => {
  it('puts the instance id, hostname and pid on every line, child loggers included', () => {
    const chunks: string[] = [];
    const destination = new Writable({ write: (chunk, _enc, done) => (chunks.push(String(chunk)), done()) });
    const logger = createLogger('info', { destination });
    logger.info('one');
    logger.child({ context: 'Orders' }).warn({ symbol: 'BTC-USDT' }, 'two');
    const lines = chunks.map((c) => JSON.parse(c) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatchObject({ instance: INSTANCE_ID, hostname: hostname(), pid: process.pid, service: 'exchange-api' });
    expect(lines[1]).toMatchObject({ level: 'warn', context: 'Orders', msg: 'two' });
  });

  it('draws a random instance id for the process', () => {
    expect(INSTANCE_ID).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe('resolveLogFormat', () => {
  it('is pretty only in a development terminal when left on auto', () => {
    expect(resolveLogFormat('auto', 'development', true)).toBe('pretty');
    expect(resolveLogFormat('auto', 'development', false)).toBe('json');
    expect(resolveLogFormat('auto', 'production', true)).toBe('json');
    expect(resolveLogFormat('auto', 'test', true)).toBe('json');
  });

  it('follows LOG_FORMAT when it is set', () => {
    expect(resolveLogFormat('json', 'development', true)).toBe('json');
    expect(resolveLogFormat('pretty', 'production', false)).toBe('pretty');
  });
});
