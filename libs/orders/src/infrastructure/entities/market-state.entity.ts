import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The version of a market's order state; mirrors the migration. */
@Entity({ schema: 'orders', name: 'market_state' })
export class MarketStateEntity {
  @PrimaryColumn('text') symbol!: string;
  @Column('bigint') version!: string;
}
