import { Injectable, Logger } from '@nestjs/common';
import { MarketSpec, MarketTurns, TurnCommand, answerOf, refused } from '@lib/orders';
import { PositionRepository } from '@lib/positions';
import { UserAccountKind } from '@lib/wallet';
import { Clock } from '@lib/kernel';
import { RiskError, RiskErrorCode } from '../../domain';
import { FundingOutcome, decideFunding } from '../deciders/fund.decider';
import { FundingRecord, FundingRepository } from '../ports/funding.repository.port';
import { FundingRates } from './funding-rates';

/** How many times a funding time is sent again when its batch found a payer whose funds it had not read. */
const ATTEMPTS = 3;

export type SettleResult = { readonly kind: 'settled'; readonly record: FundingRecord } | { readonly kind: 'already' };

/**
 * Settles one funding time of one perpetual market: the FUND command in the
 * market's turn (MarketTurns.run). Exactly once: the decision records the
 * funding time (risk.funding_rates) in its batch's transaction, with the
 * payments; a time recorded before refuses it (FUNDING_ALREADY_SETTLED),
 * answered here as 'already'. The ledger's unique reference
 * `funding:<symbol>:<time>` stands behind it.
 */
@Injectable()
export class FundingSettler {
  private readonly logger = new Logger('FundingSettler');

  constructor(
    private readonly turns: MarketTurns,
    private readonly positions: PositionRepository,
    private readonly repository: FundingRepository,
    private readonly rates: FundingRates,
    private readonly clock: Clock,
  ) {}

  async settle(spec: MarketSpec, fundingTime: Date): Promise<SettleResult> {
    const rate = await this.rates.rateOf(spec.symbol, fundingTime);
    for (let attempt = 1; ; attempt += 1) {
      try {
        const record = await this.runFund(spec, fundingTime, rate);
        this.rates.noteSettled(record);
        return { kind: 'settled', record };
      } catch (error) {
        if (error instanceof RiskError && error.code === RiskErrorCode.FUNDING_ALREADY_SETTLED) {
          this.rates.forget(spec.symbol);
          return { kind: 'already' };
        }
        if (!(error instanceof RiskError && error.code === RiskErrorCode.FUNDING_NOT_READY) || attempt >= ATTEMPTS) throw error;
        this.logger.log(`${spec.symbol} ${fundingTime.toISOString()}: ${error.message}; sent again`);
      }
    }
  }

  private async runFund(spec: MarketSpec, fundingTime: Date, rate: bigint): Promise<FundingRecord> {
    // Every cross position's MARGIN funds are read with the batch (its cap); one opened since is refused and sent again.
    const open = (await this.positions.ofMarket(spec.symbol)).filter((r) => r.position.size !== 0n && r.marginMode === 'CROSS');
    const command: TurnCommand<FundingOutcome> = {
      spec,
      needs: { fundsOf: open.map((r) => ({ userId: r.userId, account: UserAccountKind.MARGIN, asset: spec.quote })) },
      decide: (market, facts) => {
        const mark = facts.markOf(spec.symbol);
        if (mark === undefined) return refused(new RiskError(RiskErrorCode.FUNDING_NOT_READY, `No mark price of ${spec.symbol} yet`, { symbol: spec.symbol }));
        const decision = decideFunding(spec, fundingTime, rate, mark, market, facts);
        if (decision.kind === 'refused') return decision;
        const outcome = decision.answer([]);
        const record: FundingRecord = { ...outcome, settledAt: facts.now };
        return { ...decision, write: async () => ((await this.repository.record(record)) ? null : alreadySettled(spec, fundingTime)) };
      },
    };
    const outcome = answerOf(await this.turns.run(command));
    return { ...outcome, settledAt: this.clock.now() };
  }
}

function alreadySettled(spec: MarketSpec, fundingTime: Date): RiskError {
  return new RiskError(RiskErrorCode.FUNDING_ALREADY_SETTLED, `The funding time ${fundingTime.toISOString()} of ${spec.symbol} is settled already`, {
    symbol: spec.symbol,
    fundingTime: fundingTime.toISOString(),
  });
}
