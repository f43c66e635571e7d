import { QueryBus } from '@nestjs/cqrs';
import { FundsRef, GetAvailableFundsQuery, GetInsuranceFundQuery } from '@lib/wallet';
import { NamedOrder, OrderRepository } from '../ports';
import { Needs } from './turn-command';

/** The reads of a batch's needs, started at once on connections of their own (unlocked: never waiting on the transaction). */
export function readNeeds(queries: QueryBus, orders: OrderRepository, needs: readonly Needs[], countsBeside: boolean) {
  const refs = new Map<string, FundsRef>();
  for (const n of needs) for (const f of [n.funds, ...(n.fundsOf ?? [])]) if (f) refs.set(`${f.userId}:${f.account}:${f.asset}`, f);
  const funds = refs.size > 0 ? queries.execute(new GetAvailableFundsQuery([...refs.values()])) : Promise.resolve(null);
  const clientOrderIds = needs.map((n) => n.clientOrderId).filter((c): c is NonNullable<Needs['clientOrderId']> => c !== undefined);
  const named = clientOrderIds.length > 0 ? orders.ordersByClientOrderIds(clientOrderIds) : Promise.resolve(new Map<string, NamedOrder>());
  const users = [...new Set(needs.map((n) => n.openOrdersOf).filter((u): u is string => u !== undefined))];
  // On the fast path the open-order counts are such a read too (the bump that counts them is not sent).
  const counts = countsBeside && users.length > 0 ? orders.openOrderCounts(users) : Promise.resolve(new Map<string, number>());
  const insuranceAssets = [...new Set(needs.map((n) => n.insuranceFund).filter((a): a is string => a !== undefined))];
  const insurance = insuranceAssets.length > 0 ? queries.execute(new GetInsuranceFundQuery(insuranceAssets)) : Promise.resolve(new Map<string, bigint>());
  for (const read of [funds, named, counts, insurance]) read.catch(() => undefined);
  return { funds, named, counts, users, insurance };
}
