import { Asset, WalletError, WalletErrorCode } from '../domain';
import { decimal } from './amounts';

/** The one INSUFFICIENT_BALANCE a client sees, from the ledger or from a pre-check: what is there and what was needed. */
export function insufficientBalance(asset: Asset, available: bigint, required: bigint): WalletError {
  return new WalletError(WalletErrorCode.INSUFFICIENT_BALANCE, `Insufficient ${asset.code} balance`, {
    asset: asset.code,
    available: decimal(asset, available),
    required: decimal(asset, required),
  });
}
