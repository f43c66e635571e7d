import { MAX_SYMBOLS_PER_WATCHLIST, MAX_WATCHLISTS_PER_USER } from './watchlist';
import { UserWatchlists } from './user-watchlists';
import { WatchlistsError } from './watchlists.error';

const CATALOG = new Set(['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'BTC-PERP', 'AAPL-USD']);
const at = new Date('2026-12-07T10:00:00.000Z');
const later = new Date('2026-12-07T11:00:00.000Z');

function codeOf(fn: () => unknown): { code: string; details: unknown } | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof WatchlistsError) return { code: e.code, details: e.details };
    throw e;
  }
  return undefined;
}

function withLists(...names: string[]): UserWatchlists {
  return names.reduce((lists, name, i) => lists.create({ id: `id-${i}`, userId: 'u1', name, symbols: [], at }, CATALOG), new UserWatchlists([]));
}

const names = (lists: UserWatchlists) => lists.lists.map((l) => l.name);

describe('UserWatchlists', () => {
  describe('create', () => {
    it('appends the list last, with its trimmed name and its symbols in the order given', () => {
      const lists = withLists('Crypto').create({ id: 'x', userId: 'u1', name: '  Stocks ', symbols: ['AAPL-USD', 'BTC-PERP'], at }, CATALOG);
      expect(names(lists)).toEqual(['Crypto', 'Stocks']);
      expect(lists.get('x')).toEqual({ id: 'x', userId: 'u1', name: 'Stocks', symbols: ['AAPL-USD', 'BTC-PERP'], createdAt: at, updatedAt: at });
    });

    it(`refuses a list past ${MAX_WATCHLISTS_PER_USER} with the limit`, () => {
      const full = withLists(...Array.from({ length: MAX_WATCHLISTS_PER_USER }, (_, i) => `L${i}`));
      expect(full.lists).toHaveLength(MAX_WATCHLISTS_PER_USER);
      expect(codeOf(() => full.create({ id: 'y', userId: 'u1', name: 'one more', symbols: [], at }, CATALOG))).toEqual({
        code: 'WATCHLIST_LIMIT',
        details: { limit: MAX_WATCHLISTS_PER_USER },
      });
    });

    it('refuses a name already used, whatever its case', () => {
      expect(codeOf(() => withLists('Crypto').create({ id: 'y', userId: 'u1', name: 'CRYPTO ', symbols: [], at }, CATALOG))?.code).toBe('WATCHLIST_NAME_TAKEN');
    });

    it.each([[''], ['   '], ['x'.repeat(65)]])('refuses the name %j', (name) => {
      expect(codeOf(() => withLists().create({ id: 'y', userId: 'u1', name, symbols: [], at }, CATALOG))).toEqual({
        code: 'INVALID_WATCHLIST_NAME',
        details: { maxLength: 64 },
      });
    });

    it('accepts 64 characters, counting an emoji as one', () => {
      expect(names(withLists('🚀'.repeat(64)))).toEqual(['🚀'.repeat(64)]);
    });

    it('refuses an unknown symbol naming it, and a symbol given twice', () => {
      const create = (symbols: string[]) => () => withLists().create({ id: 'y', userId: 'u1', name: 'n', symbols, at }, CATALOG);
      expect(codeOf(create(['BTC-USDT', 'DOGE-USDT']))).toEqual({ code: 'UNKNOWN_SYMBOL', details: { symbol: 'DOGE-USDT' } });
      expect(codeOf(create(['btc-usdt']))).toEqual({ code: 'UNKNOWN_SYMBOL', details: { symbol: 'btc-usdt' } });
      expect(codeOf(create(['ETH-USDT', 'BTC-USDT', 'ETH-USDT']))).toEqual({ code: 'DUPLICATE_SYMBOL', details: { symbol: 'ETH-USDT' } });
    });

    it(`accepts ${MAX_SYMBOLS_PER_WATCHLIST} symbols and refuses one more with the limit`, () => {
      const many = Array.from({ length: MAX_SYMBOLS_PER_WATCHLIST + 1 }, (_, i) => `S${i}-USD`);
      const catalog = new Set(many);
      const create = (symbols: string[]) => withLists().create({ id: 'y', userId: 'u1', name: 'n', symbols, at }, catalog);
      expect(create(many.slice(0, MAX_SYMBOLS_PER_WATCHLIST)).get('y').symbols).toHaveLength(MAX_SYMBOLS_PER_WATCHLIST);
      expect(codeOf(() => create(many))).toEqual({ code: 'WATCHLIST_SYMBOLS_LIMIT', details: { limit: MAX_SYMBOLS_PER_WATCHLIST } });
    });
  });

  describe('change', () => {
    it('moves a list to a position, the others keeping their relative order', () => {
      const lists = withLists('A', 'B', 'C', 'D');
      expect(names(lists.change('id-3', { position: 0 }, CATALOG, later))).toEqual(['D', 'A', 'B', 'C']);
      expect(names(lists.change('id-0', { position: 3 }, CATALOG, later))).toEqual(['B', 'C', 'D', 'A']);
      expect(names(lists.change('id-1', { position: 2 }, CATALOG, later))).toEqual(['A', 'C', 'B', 'D']);
      expect(names(lists.change('id-2', { position: 2 }, CATALOG, later))).toEqual(['A', 'B', 'C', 'D']);
    });

    it('refuses a position past the last', () => {
      const lists = withLists('A', 'B');
      expect(codeOf(() => lists.change('id-0', { position: 2 }, CATALOG, later))).toEqual({ code: 'INVALID_POSITION', details: { maxPosition: 1 } });
      expect(codeOf(() => lists.change('id-0', { position: -1 }, CATALOG, later))?.code).toBe('INVALID_POSITION');
    });

    it('renames (its own name in another case is fine) and replaces the symbols, keeping its place', () => {
      const lists = withLists('A', 'B', 'C').change('id-1', { name: 'b', symbols: ['SOL-USDT', 'BTC-USDT'] }, CATALOG, later);
      expect(names(lists)).toEqual(['A', 'b', 'C']);
      expect(lists.get('id-1')).toMatchObject({ symbols: ['SOL-USDT', 'BTC-USDT'], createdAt: at, updatedAt: later });
      expect(lists.change('id-1', { symbols: [] }, CATALOG, later).get('id-1').symbols).toEqual([]);
    });

    it("refuses another list's name, and bad symbols", () => {
      const lists = withLists('A', 'B');
      expect(codeOf(() => lists.change('id-1', { name: 'a' }, CATALOG, later))?.code).toBe('WATCHLIST_NAME_TAKEN');
      expect(codeOf(() => lists.change('id-1', { symbols: ['NOPE'] }, CATALOG, later))?.code).toBe('UNKNOWN_SYMBOL');
    });

    it('answers WATCHLIST_NOT_FOUND for an id the user does not have', () => {
      expect(codeOf(() => withLists('A').change('other', { name: 'x' }, CATALOG, later))?.code).toBe('WATCHLIST_NOT_FOUND');
      expect(codeOf(() => withLists('A').remove('other'))?.code).toBe('WATCHLIST_NOT_FOUND');
    });
  });

  it('remove closes the gap in the order', () => {
    expect(names(withLists('A', 'B', 'C').remove('id-1'))).toEqual(['A', 'C']);
  });
});
