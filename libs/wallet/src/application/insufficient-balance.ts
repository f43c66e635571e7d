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

/** INSUFFICIENT_MARGIN: a transfer out of MARGIN asks for more than is transferable (never below zero in the answer). */
export function insufficientMargin(asset: Asset, transferable: bigint, requested: bigint): WalletError {
  return new WalletError(WalletErrorCode.INSUFFICIENT_MARGIN, `Only ${decimal(asset, transferable > 0n ? transferable : 0n)} ${asset.code} of the margin account is transferable`, {
    asset: asset.code,
    transferable: decimal(asset, transferable > 0n ? transferable : 0n),
    requested: decimal(asset, requested),
  });
}
