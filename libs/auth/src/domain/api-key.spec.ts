import { ApiKeyPermission, ApiKeyRecord, ipMatcher, isLive, parseAllowlistEntry, permits } from './api-key';

const NOW = new Date('2026-12-07T10:00:00Z');
const KEY: ApiKeyRecord = {
  id: 'ak_test',
  userId: '00000000-0000-4000-8000-000000000001',
  label: 'bot',
  scheme: 'HMAC',
  permissions: [ApiKeyPermission.READ, ApiKeyPermission.TRADE],
  ipAllowlist: [],
  expiresAt: null,
  revokedAt: null,
  createdAt: new Date('2026-12-01T00:00:00Z'),
};

describe('API keys', () => {
  it('is live until revoked or expired (expiry exclusive)', () => {
    expect(isLive(KEY, NOW)).toBe(true);
    expect(isLive({ ...KEY, revokedAt: NOW }, NOW)).toBe(false);
    expect(isLive({ ...KEY, expiresAt: NOW }, NOW)).toBe(false);
    expect(isLive({ ...KEY, expiresAt: new Date(NOW.getTime() + 1) }, NOW)).toBe(true);
  });

  it('permits what its set holds: a READ+TRADE key cannot withdraw', () => {
    expect(permits(KEY, ApiKeyPermission.TRADE)).toBe(true);
    expect(permits(KEY, ApiKeyPermission.WITHDRAW)).toBe(false);
    expect(permits({ permissions: [ApiKeyPermission.READ] }, ApiKeyPermission.TRADE)).toBe(false);
  });

  it.each([
    ['203.0.113.7', { address: '203.0.113.7', prefix: null, family: 'ipv4' }],
    ['203.0.113.0/24', { address: '203.0.113.0', prefix: 24, family: 'ipv4' }],
    ['2001:db8::/32', { address: '2001:db8::', prefix: 32, family: 'ipv6' }],
    ['203.0.113.0/33', null],
    ['203.0.113.0/24/1', null],
    ['example.com', null],
    ['', null],
  ])('parses the allowlist entry %p', (entry, parsed) => {
    expect(parseAllowlistEntry(entry)).toEqual(parsed);
  });

  it('matches addresses and ranges, IPv4-mapped IPv6 included; an empty list allows all', () => {
    const allows = ipMatcher(['203.0.113.0/24', '198.51.100.9', '2001:db8::/32']);
    expect(allows('203.0.113.200')).toBe(true);
    expect(allows('::ffff:203.0.113.5')).toBe(true);
    expect(allows('198.51.100.9')).toBe(true);
    expect(allows('198.51.100.10')).toBe(false);
    expect(allows('2001:db8::1')).toBe(true);
    expect(allows('2001:db9::1')).toBe(false);
    expect(allows('not an ip')).toBe(false);
    expect(ipMatcher([])('192.0.2.1')).toBe(true);
  });
});
