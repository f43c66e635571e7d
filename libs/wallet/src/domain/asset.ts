export interface Asset {
  readonly code: string;
  /** Digits after the point: amounts are integers of 10^-decimals. */
  readonly decimals: number;
  /** Most the faucet credits one user per UTC day, in units. */
  readonly faucetDailyLimit: bigint;
}
