import { isIP } from 'node:net';
import { RateLimitBudget, RateLimitConfig, TrustProxy } from './app-config';
import { EnvReader } from './env-reader';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };
const MAX_LIMIT = 1_000_000_000;
const MAX_WINDOW_SECONDS = 86_400;
/** The names proxy-addr (Fastify's trustProxy) knows for the reserved ranges. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * Budgets of the HTTP rate limiter, each `<requests>/<window>` (`10/1s`, `1200/1m`, `10/1h`)
 * or `0` (off). Defaults follow what a Binance client expects: 10 orders/s and
 * 1,200 requests/min per account.
 */
export function readRateLimits(e: EnvReader): RateLimitConfig {
  return {
    orders: budget(e, 'RATE_LIMIT_ORDERS', '10/1s'),
    reads: budget(e, 'RATE_LIMIT_READS', '1200/1m'),
    writes: budget(e, 'RATE_LIMIT_WRITES', '60/1m'),
    // One per second on average per IP: argon2 costs tens of ms of CPU, and a NAT's users share the budget (refresh every 15 min).
    auth: budget(e, 'RATE_LIMIT_AUTH', '60/1m'),
    register: budget(e, 'RATE_LIMIT_REGISTER', '10/1h'),
    public: budget(e, 'RATE_LIMIT_PUBLIC', '1200/1m'),
  };
}

function budget(e: EnvReader, name: string, fallback: string): RateLimitBudget {
  const raw = e.string(name, fallback);
  if (raw === '0') return { limit: 0, windowSeconds: 0 };
  const match = /^(\d{1,10})\s*\/\s*(\d{1,5})?\s*([smh])$/.exec(raw);
  const limit = Number(match?.[1]);
  const windowSeconds = Number(match?.[2] ?? '1') * (UNIT_SECONDS[match?.[3] ?? ''] ?? 0);
  if (!match || limit < 1 || limit > MAX_LIMIT || windowSeconds < 1 || windowSeconds > MAX_WINDOW_SECONDS) {
    e.fail(name, `must be <requests>/<window> such as 10/1s, 1200/1m or 10/1h (1 to ${MAX_LIMIT} requests, a window of 1 s to 24 h), or 0 to turn it off (got "${raw}")`);
    return budget(new EnvReader({}), name, fallback);
  }
  return { limit, windowSeconds };
}

/**
 * Which peers may set the client address with X-Forwarded-For. Never "every peer":
 * that lets any client pick its IP, and so its rate-limit and login buckets.
 */
export function readTrustProxy(e: EnvReader): TrustProxy {
  const raw = e.string('TRUST_PROXY');
  if (raw === undefined || ['false', 'no', 'off', '0'].includes(raw.toLowerCase())) return false;
  if (['true', 'yes', 'on'].includes(raw.toLowerCase())) {
    e.fail(
      'TRUST_PROXY',
      `must not be "${raw}": trusting every peer lets any client choose its IP with X-Forwarded-For (and so its rate-limit and login buckets); give the number of proxies in front of the app (e.g. 1) or their addresses/CIDRs (e.g. 10.0.0.0/8,127.0.0.1)`,
    );
    return false;
  }
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 10) e.fail('TRUST_PROXY', `must be a hop count from 0 to 10 or a list of addresses/CIDRs (got "${raw}")`);
    return hops > 10 ? false : { hops };
  }
  const addresses = raw.split(',').map((a) => a.trim()).filter(Boolean);
  const bad = addresses.filter((a) => !isAddressOrCidr(a));
  if (bad.length > 0) {
    e.fail('TRUST_PROXY', `must be false, a hop count, or a comma-separated list of IP addresses, CIDRs or ${PROXY_RANGE_NAMES.join('/')} (not addresses: ${bad.map((b) => `"${b}"`).join(', ')})`);
    return false;
  }
  return { addresses };
}

function isAddressOrCidr(value: string): boolean {
  if (PROXY_RANGE_NAMES.includes(value)) return true;
  const [address = '', prefix, ...rest] = value.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}
