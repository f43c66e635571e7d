import { BlockList, isIP } from 'node:net';
import type { ApiKeyScheme } from './api-key-signature';

/** What a key may do (docs/api-keys.md): a set; READ is every key's floor. */
export enum ApiKeyPermission {
  READ = 'READ',
  TRADE = 'TRADE',
  WITHDRAW = 'WITHDRAW',
}

/** At most this many live keys per user, and this many allowlist entries per key. */
export const MAX_API_KEYS_PER_USER = 20;
export const MAX_IP_ALLOWLIST = 20;

export interface ApiKeyRecord {
  readonly id: string;
  readonly userId: string;
  readonly label: string;
  readonly scheme: ApiKeyScheme;
  readonly permissions: readonly ApiKeyPermission[];
  /** IPv4/IPv6 addresses or CIDR ranges; empty: any address. */
  readonly ipAllowlist: readonly string[];
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  readonly createdAt: Date;
}

export type ApiKeyRefusal = 'API_KEY_INVALID' | 'IP_NOT_ALLOWED' | 'API_KEY_PERMISSION';

/** A key that is revoked or past its expiry is no key at all (one answer: API_KEY_INVALID). */
export function isLive(key: ApiKeyRecord, now: Date): boolean {
  return key.revokedAt === null && (key.expiresAt === null || key.expiresAt.getTime() > now.getTime());
}

/** Whether a key's set holds the permission a route asks for. */
export function permits(key: Pick<ApiKeyRecord, 'permissions'>, required: ApiKeyPermission): boolean {
  return key.permissions.includes(required);
}

/** An allowlist entry: an address or a CIDR range; null when malformed. */
export function parseAllowlistEntry(entry: string): { address: string; prefix: number | null; family: 'ipv4' | 'ipv6' } | null {
  const [address, prefixText, ...rest] = entry.trim().split('/');
  if (!address || rest.length > 0) return null;
  const version = isIP(address);
  if (version === 0) return null;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  if (prefixText === undefined) return { address, prefix: null, family };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  return prefix <= (version === 4 ? 32 : 128) ? { address, prefix, family } : null;
}

/** The allowlist as a matcher; an empty list allows every address. IPv4-mapped IPv6 addresses match their IPv4 entries. */
export function ipMatcher(allowlist: readonly string[]): (ip: string) => boolean {
  if (allowlist.length === 0) return () => true;
  const list = new BlockList();
  for (const entry of allowlist) {
    const parsed = parseAllowlistEntry(entry);
    if (!parsed) continue;
    if (parsed.prefix === null) list.addAddress(parsed.address, parsed.family);
    else list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return (ip) => {
    const plain = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
    const version = isIP(plain);
    return version !== 0 && list.check(plain, version === 4 ? 'ipv4' : 'ipv6');
  };
}
