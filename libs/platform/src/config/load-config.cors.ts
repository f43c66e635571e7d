import { EnvReader } from './env-reader';

/**
 * CORS_ORIGINS: `*` (any origin: auth is by bearer token, never cookies),
 * `none` (CORS off), or a comma-separated list of origins, each exactly
 * `http(s)://host[:port]` (no path, no
 * trailing slash: `https://app.example.com/` would never match and silently
 * block the app). `*` or `none` inside a list is refused, not guessed at.
 */
export function readCorsOrigins(e: EnvReader): true | readonly string[] {
  const value = e.string('CORS_ORIGINS', '*');
  if (value === '*') return true;
  if (value === 'none') return [];
  // An empty item (a trailing comma) is ignored, as before.
  const given = value.split(',').map((o) => o.trim()).filter(Boolean);
  const bad = given.filter((origin) => originOf(origin) === undefined);
  if (bad.length > 0) {
    e.fail(
      'CORS_ORIGINS',
      `must be *, none, or a comma-separated list of origins like https://app.example.com (scheme http or https, ` +
        `optional port, no path or trailing slash); not origins: ${bad.map((o) => `"${o}"`).join(', ')}`,
    );
    return [];
  }
  return [...new Set(given.map((origin) => originOf(origin)!))];
}

/** The origin as a browser writes it (lower-case host, default port left out), or undefined. */
function originOf(text: string): string | undefined {
  if (!/^https?:\/\/[^/?#@\s]+$/i.test(text)) return undefined;
  try {
    return new URL(text).origin;
  } catch {
    return undefined;
  }
}
