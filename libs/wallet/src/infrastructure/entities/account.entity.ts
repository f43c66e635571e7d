import { bigintColumn } from '@lib/platform';
import { Check, Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';
import { AssetEntity } from './asset.entity';

/**
 * One balance per (owner, kind, asset). System accounts have the nil UUID as
 * owner. Only EXTERNAL and CLEARING (system accounts) may go negative;
 * CHECK constraints stop anything else.
 */
@Entity({ schema: 'wallet', name: 'accounts' })
@Unique('accounts_owner_kind_asset_key', ['ownerId', 'kind', 'asset'])
@Check('accounts_kind_check', `kind IN ('SPOT', 'MARGIN', 'EXTERNAL', 'FEES', 'INSURANCE_FUND', 'CLEARING')`)
@Check('accounts_available_check', `kind IN ('EXTERNAL', 'CLEARING') OR available >= 0`)
@Check('accounts_locked_check', `locked >= 0`)
export class AccountEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'owner_id' })
  ownerId!: string;

  @Column('text')
  kind!: string;

  @ForeignKey(() => AssetEntity, { name: 'accounts_asset_fkey' })
  @Column('text')
  asset!: string;

  @Column('numeric', { precision: 38, scale: 0, default: 0, transformer: bigintColumn })
  available!: bigint;

  @Column('numeric', { precision: 38, scale: 0, default: 0, transformer: bigintColumn })
  locked!: bigint;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
