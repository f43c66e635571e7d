import { Asset, Withdrawal } from '../domain';
import { decimal } from './amounts';
import { WithdrawalView } from './views';

export function toWithdrawalView(withdrawal: Withdrawal, asset: Asset): WithdrawalView {
  return {
    id: withdrawal.id,
    asset: withdrawal.asset,
    amount: decimal(asset, withdrawal.amount),
    address: withdrawal.address,
    status: withdrawal.status,
    requestedAt: withdrawal.requestedAt.toISOString(),
    completesAt: withdrawal.completesAt.toISOString(),
    finishedAt: withdrawal.finishedAt?.toISOString() ?? null,
    heldAt: withdrawal.heldAt?.toISOString() ?? null,
  };
}
