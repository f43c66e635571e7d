import { Check, Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/** Mirrors the migration (the repository writes SQL); kept so migration:generate stays empty. */
@Entity({ schema: 'orders', name: 'order_lists' })
@Unique('order_lists_user_client_list_id_key', ['userId', 'clientListId'])
@Check('order_lists_kind_check', `kind IN ('OCO', 'BRACKET', 'OTO')`)
@Check('order_lists_status_check', `status IN ('EXECUTING', 'ALL_DONE')`)
@Index('order_lists_executing_idx', ['createdAt', 'id'], { where: `status = 'EXECUTING'` })
@Index('order_lists_user_created_idx', ['userId', 'createdAt', 'id'])
export class OrderListEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'user_id' }) userId!: string;
  @Column('text') symbol!: string;
  @Column('text') kind!: string;
  @Column('text', { default: 'EXECUTING' }) status!: string;
  @Column('text', { name: 'client_list_id', nullable: true }) clientListId!: string | null;
  @Column('jsonb', { nullable: true }) pending!: unknown;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
