import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

describe('loadConfig: socket limits', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'load-config-realtime-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('has documented defaults', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).realtime).toEqual({
      maxSubscriptionsPerSocket: 50,
      maxMessagesPerSecond: 20,
      maxSocketsPerIp: 50,
      maxSocketsPerUser: 5,
      resumeBurst: 10,
      resumePerSecond: 2,
      resumeConcurrency: 2,
    });
  });

  it('reads each variable', () => {
    const env = { DATA_DIR: dataDir, WS_MAX_SOCKETS_PER_IP: '7', WS_MAX_SOCKETS_PER_USER: '3', WS_RESUME_BURST: '4', WS_RESUME_PER_SECOND: '5', WS_RESUME_CONCURRENCY: '1' };
    expect(loadConfig(env).realtime).toMatchObject({ maxSocketsPerIp: 7, maxSocketsPerUser: 3, resumeBurst: 4, resumePerSecond: 5, resumeConcurrency: 1 });
  });

  it('refuses bad values, naming each variable', () => {
    const env = { DATA_DIR: dataDir, WS_MAX_SOCKETS_PER_IP: '0', WS_MAX_SOCKETS_PER_USER: 'many', WS_RESUME_BURST: '-1', WS_RESUME_PER_SECOND: '1.5', WS_RESUME_CONCURRENCY: '65' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ['WS_MAX_SOCKETS_PER_IP', 'WS_MAX_SOCKETS_PER_USER', 'WS_RESUME_BURST', 'WS_RESUME_PER_SECOND', 'WS_RESUME_CONCURRENCY']) expect(message).toContain(name);
    }
  });
});
