import { Command } from '@nestjs/cqrs';

export interface InsuranceTopUpView {
  readonly transactionId: string;
  readonly asset: string;
  /** Decimal string. */
  readonly amount: string;
  /** The fund's balance after the top-up. */
  readonly balance: string;
  readonly reason: string;
}

/**
 * An admin adds money to the INSURANCE_FUND (from EXTERNAL: the platform's
 * own money comes from outside the ledger). `reference` makes it idempotent.
 */
export class TopUpInsuranceFundCommand extends Command<InsuranceTopUpView> {
  constructor(
    readonly adminId: string,
    readonly asset: string,
    readonly amount: string,
    readonly reason: string,
    readonly reference: string,
  ) {
    super();
  }
}
