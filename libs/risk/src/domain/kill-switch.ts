/**
 * A user's kill switch on one settlement asset (docs/risk.md, "Kill switch"):
 * when the day's result (realized today plus unrealized now) falls below
 * -maxDailyLoss, it triggers: orders cancelled, positions closed, no new
 * exposure until the next UTC day (or until the user clears it). Amounts in
 * the asset's smallest units.
 */
export interface KillSwitch {
  readonly userId: string;
  readonly asset: string;
  /** > 0. */
  readonly maxDailyLoss: bigint;
  /** When it last triggered (null: never). */
  readonly triggeredAt: Date | null;
}

/** The start of the UTC day of `at`. */
export function utcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/** Triggered today: new exposure is refused until the next UTC midnight. */
export function isBlocked(s: KillSwitch, now: Date): boolean {
  return s.triggeredAt !== null && s.triggeredAt.getTime() >= utcDay(now).getTime();
}

/** When a triggered switch stops blocking: the next UTC midnight after it triggered. */
export function blockedUntil(s: KillSwitch): Date | null {
  return s.triggeredAt === null ? null : new Date(utcDay(s.triggeredAt).getTime() + 86_400_000);
}

/** Whether the day's result (realized today + unrealized now, signed) passes the limit: a loss strictly beyond it. */
export function passesLimit(s: KillSwitch, dayResult: bigint): boolean {
  return -dayResult > s.maxDailyLoss;
}
