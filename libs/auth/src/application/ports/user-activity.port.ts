/**
 * Counts of accounts (GET /admin/stats): every account, and those active
 * since a time: a session opened (log-in) or refreshed, i.e. a refresh
 * token issued to them, at or after it.
 */
export abstract class UserActivityReader {
  abstract counts(since: Date): Promise<{ readonly total: number; readonly active: number }>;
}
