import { QueryBus } from '@nestjs/cqrs';
import { ListFundingHistoryQuery } from '@lib/risk';
import type { FundingCharge } from '../domain';

const PAGE = 1000;
/** Funding times read at most for one backtest (a year of 8-hour funding is 1,095). */
const MAX_CHARGES = 100_000;

/**
 * A perpetual's settled funding times within [fromMs, toMs + intervalMs), ascending, from the risk
 * context's stored history (newest first, paged). Synthetic history has none: only the live
 * period of a perpetual is charged funding (docs/analytics.md).
 */
export async function fundingCharges(queries: QueryBus, symbol: string, fromMs: number, endMs: number): Promise<FundingCharge[]> {
  const charges: FundingCharge[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await queries.execute(new ListFundingHistoryQuery(symbol, PAGE, cursor));
    for (const f of page.items) {
      const time = f.fundingTime.getTime();
      if (time >= fromMs && time < endMs) charges.push({ time, rateE8: f.rate, mark: f.mark });
    }
    const oldest = page.items[page.items.length - 1]?.fundingTime.getTime();
    if (page.next === null || oldest === undefined || oldest < fromMs || charges.length >= MAX_CHARGES) break;
    cursor = page.next;
  }
  return charges.reverse();
}
