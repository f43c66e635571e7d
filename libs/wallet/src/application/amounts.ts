import { AmountError, formatUnits, parsePositiveUnits, parseSignedUnits } from '@lib/kernel';
import { Asset, WalletError, WalletErrorCode } from '../domain';

/** Wire decimal string -> units of the asset; anything off is INVALID_AMOUNT with the reason, nothing is rounded. */
export function positiveAmount(asset: Asset, input: string): bigint {
  return parseOrReject(() => parsePositiveUnits(input, asset.decimals), asset);
}

export function signedAmount(asset: Asset, input: string): bigint {
  return parseOrReject(() => parseSignedUnits(input, asset.decimals), asset);
}

export function decimal(asset: Asset, units: bigint): string {
  return formatUnits(units, asset.decimals);
}

function parseOrReject(parse: () => bigint, asset: Asset): bigint {
  try {
    return parse();
  } catch (error) {
    if (error instanceof AmountError) {
      throw new WalletError(WalletErrorCode.INVALID_AMOUNT, `Invalid ${asset.code} amount: ${error.message}`, {
        reason: error.reason,
        asset: asset.code,
        decimals: asset.decimals,
      });
    }
    throw error;
  }
}
