import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MARKET_MAKER_ACCOUNT_ID, NOISE_TRADER_ACCOUNT_ID, isSystemAccountId } from '@lib/kernel';
import { PRUNE_SYSTEM_CHUNK, SYSTEM_EVENT_PREDICATE, isSystemEventPayload } from './outbox-system-prune';

describe('the short retention of system events', () => {
  const user = '0b7c6a52-3f1e-4d2a-9c1b-7e5f4a3b2c1d';

  it('selects the bots\' events and events that name no user, never a user\'s', () => {
    expect(isSystemEventPayload({ userId: MARKET_MAKER_ACCOUNT_ID, orderId: 'x' })).toBe(true);
    expect(isSystemEventPayload({ userId: NOISE_TRADER_ACCOUNT_ID })).toBe(true);
    expect(isSystemEventPayload({ symbol: 'BTC-USDT', seq: 4 })).toBe(true);
    expect(isSystemEventPayload({ userId: user })).toBe(false);
    // A user's id that merely resembles the reserved prefix somewhere else is still a user's.
    expect(isSystemEventPayload({ userId: `${user.slice(0, 24)}5e1f00000000` })).toBe(false);
    expect(isSystemAccountId(MARKET_MAKER_ACCOUNT_ID) && isSystemAccountId(NOISE_TRADER_ACCOUNT_ID)).toBe(true);
    expect(isSystemAccountId(user)).toBe(false);
  });

  it('deletes with the very predicate of the partial index (or the planner cannot use it) and only published rows', () => {
    const migration = readFileSync(join(__dirname, 'migrations/1763730417000-index-outbox-system-events.ts'), 'utf8');
    expect(migration.replace(/\s+/g, ' ')).toContain(`WHERE ${SYSTEM_EVENT_PREDICATE}`);
    expect(PRUNE_SYSTEM_CHUNK).toContain(SYSTEM_EVENT_PREDICATE.replace(/payload/g, 'o.payload'));
    expect(PRUNE_SYSTEM_CHUNK).toContain('(o.tx_id, o.id) <= (c.tx_id, c.id)');
  });
});
