import request from 'supertest';
import { bearer } from './accounts';

export async function deposit(url: string, token: string, asset: string, amount: string): Promise<void> {
  await request(url).post('/api/v1/wallet/deposits').set(bearer(token)).send({ asset, amount }).expect(201);
}

export async function balanceOf(url: string, token: string, asset: string): Promise<{ spot: Record<string, string>; margin: Record<string, string> }> {
  return (await request(url).get(`/api/v1/wallet/${asset}`).set(bearer(token)).expect(200)).body;
}

export async function reconcile(url: string, adminToken: string): Promise<{ ok: boolean; mismatchedAccounts: unknown[]; negativeBalances: unknown[]; assets: { balanced: boolean }[] }> {
  return (await request(url).get('/api/v1/admin/ledger/reconcile').set(bearer(adminToken)).expect(200)).body;
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
