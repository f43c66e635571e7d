import { Asset } from '../../domain';

export abstract class AssetCatalog {
  /** Throws WalletError(UNKNOWN_ASSET) for a code that is not listed. */
  abstract get(code: string): Promise<Asset>;
  abstract all(): Promise<readonly Asset[]>;
}
