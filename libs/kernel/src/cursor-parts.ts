/**
 * Checks for the parts of keyset cursors. A cursor is opaque to clients but
 * anyone can forge one, and its parts go straight into SQL: a value that
 * parses in JavaScript but that PostgreSQL cannot hold (an id above int8, a
 * year JavaScript accepts and PostgreSQL does not) was a 500. These accept
 * only what the API itself writes into cursors.
 */

const INT8_MAX = 9_223_372_036_854_775_807n;

/** A positive bigserial id written in decimal (no sign, no leading zero), up to int8's maximum. */
export function parseCursorId(text: string): bigint | undefined {
  if (!/^[1-9][0-9]{0,18}$/.test(text)) return undefined;
  const id = BigInt(text);
  return id <= INT8_MAX ? id : undefined;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * A time exactly as `Date.prototype.toISOString` writes it for the years 1
 * to 9999 (so no six-digit or negative years, no year 0, which PostgreSQL
 * refuses): a forged or impossible date (Feb 30) is undefined.
 */
export function parseCursorTime(text: string): Date | undefined {
  if (!ISO_INSTANT.test(text) || text.startsWith('0000')) return undefined;
  const date = new Date(text);
  return !Number.isNaN(date.getTime()) && date.toISOString() === text ? date : undefined;
}
