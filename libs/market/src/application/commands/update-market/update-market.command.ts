import { Command } from '@nestjs/cqrs';
import { MarketChanges } from '../../../domain';
import { InstrumentView } from '../../views';

/**
 * An admin halts, reopens or re-parameterises a market (audited with
 * before/after). `adminId` null is the platform itself (the continuous
 * reconciliation halting a market on a mismatch), which always gives a
 * `reason`; both go to the audit log.
 */
export class UpdateMarketCommand extends Command<InstrumentView> {
  constructor(
    readonly adminId: string | null,
    readonly symbol: string,
    readonly changes: MarketChanges,
    readonly reason: string | null = null,
  ) {
    super();
  }
}
