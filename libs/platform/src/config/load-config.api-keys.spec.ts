import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './load-config';

describe('loadConfig: API keys', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'load-config-api-keys-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));
  const JWT_SECRET = 'a jwt secret of at least thirty-two bytes, for tests';

  it('derives the encryption key from the JWT secret (stable, 32 bytes, not the secret itself)', () => {
    const a = loadConfig({ DATA_DIR: dataDir, JWT_SECRET }).apiKeys.encryptionKey;
    const b = loadConfig({ DATA_DIR: dataDir, JWT_SECRET }).apiKeys.encryptionKey;
    expect(a).toHaveLength(32);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(Buffer.from(JWT_SECRET).subarray(0, 32))).toBe(false);
    expect(loadConfig({ DATA_DIR: dataDir, JWT_SECRET: `${JWT_SECRET}!` }).apiKeys.encryptionKey.equals(a)).toBe(false);
  });

  it('takes API_KEY_ENCRYPTION_KEY (32 bytes, base64) and refuses another length, naming it', () => {
    const key = Buffer.alloc(32, 7);
    expect(loadConfig({ DATA_DIR: dataDir, JWT_SECRET, API_KEY_ENCRYPTION_KEY: key.toString('base64') }).apiKeys.encryptionKey.equals(key)).toBe(true);
    expect(() => loadConfig({ DATA_DIR: dataDir, JWT_SECRET, API_KEY_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/API_KEY_ENCRYPTION_KEY must be 32 bytes/);
  });

  it('keeps a listen key 60 minutes unless LISTEN_KEY_TTL_MS says otherwise (1 s .. 1 day), naming a bad value', () => {
    expect(loadConfig({ DATA_DIR: dataDir, JWT_SECRET }).apiKeys.listenKeyTtlMs).toBe(3_600_000);
    expect(loadConfig({ DATA_DIR: dataDir, JWT_SECRET, LISTEN_KEY_TTL_MS: '5000' }).apiKeys.listenKeyTtlMs).toBe(5000);
    expect(() => loadConfig({ DATA_DIR: dataDir, JWT_SECRET, LISTEN_KEY_TTL_MS: '999' })).toThrow(/LISTEN_KEY_TTL_MS must be an integer from 1000 to 86400000/);
    expect(() => loadConfig({ DATA_DIR: dataDir, JWT_SECRET, LISTEN_KEY_TTL_MS: '1h' })).toThrow(/LISTEN_KEY_TTL_MS/);
  });
});
