import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'load-config-rate-limits-'));
});

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function problemsOf(vars: Record<string, string>): readonly string[] {
  try {
    loadConfig({ DATA_DIR: dataDir, ...vars });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig: rate limits', () => {
  it('has the documented budgets by default', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).rateLimits).toEqual({
      orders: { limit: 10, windowSeconds: 1 },
      reads: { limit: 1200, windowSeconds: 60 },
      writes: { limit: 60, windowSeconds: 60 },
      auth: { limit: 60, windowSeconds: 60 },
      register: { limit: 10, windowSeconds: 3600 },
      public: { limit: 1200, windowSeconds: 60 },
    });
  });

  it('reads <requests>/<window> in seconds, minutes or hours, and 0 as off', () => {
    const limits = loadConfig({
      DATA_DIR: dataDir,
      RATE_LIMIT_ORDERS: '50/10s',
      RATE_LIMIT_READS: '6000 / 1m',
      RATE_LIMIT_WRITES: '0',
      RATE_LIMIT_AUTH: '5/s',
      RATE_LIMIT_REGISTER: '3/24h',
      RATE_LIMIT_PUBLIC: '100/5m',
    }).rateLimits;

    expect(limits).toEqual({
      orders: { limit: 50, windowSeconds: 10 },
      reads: { limit: 6000, windowSeconds: 60 },
      writes: { limit: 0, windowSeconds: 0 },
      auth: { limit: 5, windowSeconds: 1 },
      register: { limit: 3, windowSeconds: 86_400 },
      public: { limit: 100, windowSeconds: 300 },
    });
  });

  it.each([
    ['RATE_LIMIT_ORDERS', '10'],
    ['RATE_LIMIT_ORDERS', '10/1d'],
    ['RATE_LIMIT_READS', '-1/1m'],
    ['RATE_LIMIT_WRITES', '0/1m'],
    ['RATE_LIMIT_AUTH', '5/0s'],
    ['RATE_LIMIT_REGISTER', '10/25h'],
    ['RATE_LIMIT_PUBLIC', 'lots'],
  ])('refuses %s=%s with a message naming it', (name, value) => {
    const problems = problemsOf({ [name]: value });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
    expect(problems[0]).toContain(`got "${value}"`);
  });
});

describe('loadConfig: TRUST_PROXY', () => {
  const trustProxy = (value: string) => loadConfig({ DATA_DIR: dataDir, TRUST_PROXY: value }).http.trustProxy;

  it('trusts no proxy by default, nor with false or 0', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).http.trustProxy).toBe(false);
    expect(trustProxy('false')).toBe(false);
    expect(trustProxy('0')).toBe(false);
  });

  it('takes a hop count', () => {
    expect(trustProxy('2')).toEqual({ hops: 2 });
  });

  it('takes a list of addresses, CIDRs and proxy-addr range names', () => {
    expect(trustProxy('10.0.0.0/8, 127.0.0.1,::1, fd00::/8,loopback')).toEqual({
      addresses: ['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8', 'loopback'],
    });
  });

  it('refuses true: every client could choose its IP and so its rate-limit bucket', () => {
    for (const value of ['true', 'yes', 'on']) {
      const [problem, ...others] = problemsOf({ TRUST_PROXY: value });
      expect(others).toEqual([]);
      expect(problem).toMatch(/^TRUST_PROXY must not be ".+": trusting every peer lets any client choose its IP/);
    }
  });

  it('refuses what is neither a hop count nor addresses, naming the bad entries', () => {
    expect(problemsOf({ TRUST_PROXY: '11' })[0]).toContain('hop count from 0 to 10');
    const [problem] = problemsOf({ TRUST_PROXY: '10.0.0.1,proxy.internal,10.0.0.0/33,::1/129' });
    expect(problem).toContain('"proxy.internal", "10.0.0.0/33", "::1/129"');
    expect(problem).not.toContain('"10.0.0.1"');
  });
});
