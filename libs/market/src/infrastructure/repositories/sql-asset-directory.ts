import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AssetDirectory } from '../../application/ports';

/**
 * Reads the wallet's asset list (read-only, one table) when an admin lists a
 * market. The wallet exposes no asset query on its public face yet; when it
 * does, this adapter should use the QueryBus instead.
 */
@Injectable()
export class SqlAssetDirectory extends AssetDirectory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async decimalsOf(code: string): Promise<number | undefined> {
    const rows: { decimals: number }[] = await this.dataSource.query(`SELECT decimals FROM wallet.assets WHERE code = $1`, [code]);
    return rows[0]?.decimals;
  }
}
