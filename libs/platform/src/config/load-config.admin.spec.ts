import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'load-config-admin-spec-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const env = (vars: Record<string, string>) => ({ DATA_DIR: dataDir, ...vars });

function problemsOf(vars: Record<string, string>): readonly string[] {
  try {
    loadConfig(env(vars));
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig: the bootstrap admin', () => {
  it.each([
    ['too short', 'short1', 'at least 10 characters'],
    ['common', 'password123', 'too common'],
    ['one repeated character', 'zzzzzzzzzzzz', 'repeat a single character'],
    ['containing the email', 'my rootadmin password', 'contain the email'],
  ])('refuses an ADMIN_PASSWORD that fails the password policy (%s), naming the variable', (_, password, reason) => {
    const problems = problemsOf({ ADMIN_EMAIL: 'RootAdmin@Example.com', ADMIN_PASSWORD: password });
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^ADMIN_PASSWORD .*${reason}`))]);
  });

  it('reports a weak ADMIN_PASSWORD together with the other bad variables', () => {
    const problems = problemsOf({ ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'short', PORT: 'x' });
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringContaining('ADMIN_EMAIL'), expect.stringContaining('ADMIN_PASSWORD'), expect.stringContaining('PORT')]),
    );
  });

  it('reads ADMIN_ALLOW_PROMOTION (off by default) and refuses a value that is not a boolean', () => {
    const base = { ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'a long admin passphrase' };
    expect(loadConfig(env(base)).admin?.allowPromotion).toBe(false);
    expect(loadConfig(env({ ...base, ADMIN_ALLOW_PROMOTION: 'true' })).admin?.allowPromotion).toBe(true);
    expect(problemsOf({ ...base, ADMIN_ALLOW_PROMOTION: 'maybe' })).toEqual([expect.stringContaining('ADMIN_ALLOW_PROMOTION')]);
  });
});
