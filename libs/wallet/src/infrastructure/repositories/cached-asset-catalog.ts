import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Asset, WalletError, WalletErrorCode } from '../../domain';
import { AssetCatalog } from '../../application/ports';
import { AssetEntity } from '../entities/asset.entity';

/** The asset list is small and changes rarely: cached, and reloaded when a code is missing. */
@Injectable()
export class CachedAssetCatalog extends AssetCatalog {
  private cache: Promise<Map<string, Asset>> | undefined;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async get(code: string): Promise<Asset> {
    let asset = (await this.load()).get(code);
    if (!asset) {
      this.cache = undefined;
      asset = (await this.load()).get(code);
    }
    if (!asset) throw new WalletError(WalletErrorCode.UNKNOWN_ASSET, `Unknown asset ${code}`, { asset: code });
    return asset;
  }

  async all(): Promise<readonly Asset[]> {
    return [...(await this.load()).values()];
  }

  private load(): Promise<Map<string, Asset>> {
    this.cache ??= this.dataSource
      .getRepository(AssetEntity)
      .find({ order: { code: 'ASC' } })
      .then((rows) => new Map(rows.map((r) => [r.code, { code: r.code, decimals: r.decimals, faucetDailyLimit: r.faucetDailyLimit }])))
      .catch((error: unknown) => {
        this.cache = undefined;
        throw error;
      });
    return this.cache;
  }
}
