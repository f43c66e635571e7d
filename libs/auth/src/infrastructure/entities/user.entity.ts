import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { UserSettings } from '../../domain';

@Entity({ schema: 'auth', name: 'users' })
@Unique('users_email_key', ['email'])
@Check('users_email_lower', 'email = lower(email)')
@Check('users_role_check', `role IN ('USER', 'ADMIN')`)
@Check('users_status_check', `status IN ('ACTIVE', 'SUSPENDED')`)
@Index('users_created_at_idx', ['createdAt', 'id'])
export class UserEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Stored lower-cased: uniqueness is case-insensitive. */
  @Column('text')
  email!: string;

  @Column('text')
  name!: string;

  @Column('text', { name: 'password_hash' })
  passwordHash!: string;

  @Column('text')
  role!: string;

  @Column('text')
  status!: string;

  @Column('text', { name: 'status_reason', nullable: true })
  statusReason!: string | null;

  @Column('jsonb')
  settings!: UserSettings;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
