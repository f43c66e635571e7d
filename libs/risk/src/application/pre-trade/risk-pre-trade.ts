import { Injectable } from '@nestjs/common';
import { AppConfig } from '@lib/platform';
import { PreTradeOrder, PreTradeRisk, assertInBand, marketRefusal } from '@lib/orders';
import { RiskError, RiskErrorCode } from '../../domain';
import { KillSwitchGuard } from '../kill-switch/kill-switch-guard';

/**
 * The pre-trade stage (R1, docs/risk.md "Pre-trade checks") of every new
 * order, before its turn, in this order, each refusal with its code:
 * 1. the market's status (MARKET_HALTED; CLOSE_ONLY takes reduce-only orders);
 * 2. the price band around the mark (PRICE_OUT_OF_BAND);
 * 3. the largest order: notional at its price (a MARKET order: the mark) <= RISK_MAX_ORDER_NOTIONAL
 *    (ORDER_NOTIONAL_TOO_LARGE);
 * 4. the kill switch: on a perpetual market whose settlement asset the
 *    user's switch blocks today, only reduce-only orders (KILL_SWITCH_ACTIVE).
 * What needs the position or the funds is decided in the turn: the margin,
 * the open-order limit, the leverage bracket (decidePerpPlace).
 */
@Injectable()
export class RiskPreTrade extends PreTradeRisk {
  constructor(
    private readonly config: AppConfig,
    private readonly guard: KillSwitchGuard,
  ) {
    super();
  }

  check(order: PreTradeOrder): Promise<void> {
    try {
      this.assert(order);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  private assert(order: PreTradeOrder): void {
    const { spec } = order;
    const refusal = marketRefusal(spec, order.side, 'place', order.reduceOnly);
    if (refusal) throw refusal;
    if (order.price !== null) assertInBand(spec, order.price, order.mark);
    // At its price (a MARKET order: at the mark; its protection limit is the band's edge, not what it is worth).
    const notional = (order.price ?? order.mark) * order.quantity * 10n ** BigInt(spec.quoteDecimals - spec.priceScale - spec.quantityScale);
    const max = this.config.risk.maxOrderNotional * 10n ** BigInt(spec.quoteDecimals);
    if (notional > max) {
      throw new RiskError(RiskErrorCode.ORDER_NOTIONAL_TOO_LARGE, `One order may be worth at most ${this.config.risk.maxOrderNotional} ${spec.quote} at its limit`, { maxNotional: this.config.risk.maxOrderNotional.toString() });
    }
    if (spec.kind === 'PERPETUAL' && !order.reduceOnly && this.guard.isBlocked(order.userId, spec.quote)) {
      throw new RiskError(RiskErrorCode.KILL_SWITCH_ACTIVE, `Your kill switch on ${spec.quote} triggered today: only reduce-only orders until 00:00 UTC or until you clear it`, { asset: spec.quote });
    }
  }
}
