import { bigintColumn } from '@lib/platform';
import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'wallet', name: 'assets' })
@Check('assets_decimals_check', 'decimals BETWEEN 0 AND 18')
export class AssetEntity {
  @PrimaryColumn('text')
  code!: string;

  @Column('int')
  decimals!: number;

  @Column('numeric', { name: 'faucet_daily_limit', precision: 38, scale: 0, transformer: bigintColumn })
  faucetDailyLimit!: bigint;
}
