import request from 'supertest';
import { Account, bearer, login, register } from './accounts';
import { until } from './market';
import { wholeMark } from './orders';
import { TestApp, startTestApp } from './test-app';
import { deposit } from './wallet';
import { createPerpMarket, toMargin } from './perp-market';

/**
 * An app whose AAPL stays still until the admin moves it: AAPL-PERP listed
 * (its walk's volatility is nil), the feed ticking every 100 ms, the trigger
 * monitor looking every 100 ms, no bots, the mark the index. AAPL-USD (spot)
 * and AAPL-PERP share the price.
 */
export async function startStillAapl(adminEmail: string): Promise<{ t: TestApp; admin: Account }> {
  const t = await startTestApp({
    FEED_ENABLED: 'true',
    FEED_INTERVAL_MS: '100',
    TRIGGER_INTERVAL_MS: '100',
    MARKET_MAKER: 'false',
    NOISE_TRADER: 'false',
    MARK_PRICE_FORMULA: 'false',
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD: 'admin passphrase for tests',
  });
  const admin = await login(t.url, adminEmail, 'admin passphrase for tests');
  await createPerpMarket(t.url, admin.accessToken);
  expect(await wholeMark(t.url, 'AAPL-PERP')).toBe(230n);
  return { t, admin };
}

const markOf = async (url: string, symbol: string) => (await request(url).get(`/api/v1/markets/${symbol}/mark-price`).expect(200)).body.mark as string;

/** Moves AAPL (both markets) to `price` and waits until both marks show it. */
export async function aaplAt(url: string, adminToken: string, price: string): Promise<void> {
  await request(url).post('/api/v1/admin/markets/AAPL-PERP/price').set(bearer(adminToken)).send({ price }).expect(202);
  await until(`AAPL at ${price}`, async () => ((await markOf(url, 'AAPL-PERP')) === price && (await markOf(url, 'AAPL-USD')).startsWith(`${price}.`) ? true : undefined), 5_000);
}

/** A new user with `amount` of `asset` in SPOT. */
export async function spotTrader(url: string, asset: string, amount: string): Promise<Account> {
  const user = await register(url);
  await deposit(url, user.accessToken, asset, amount);
  return user;
}

/** A new user with `amount` USD moved to MARGIN. */
export async function perpTrader(url: string, amount = '1000'): Promise<Account> {
  const user = await spotTrader(url, 'USD', amount);
  await toMargin(url, user.accessToken, 'USD', amount);
  return user;
}
