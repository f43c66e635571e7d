import { AccountStatus, Role, User } from '../../domain';
import { UserEntity } from '../entities/user.entity';

export function toDomain(row: UserEntity): User {
  return User.restore({
    id: row.id,
    email: row.email,
    name: row.name,
    passwordHash: row.passwordHash,
    role: row.role as Role,
    status: row.status as AccountStatus,
    statusReason: row.statusReason,
    settings: row.settings,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
}

export function toEntity(user: User): UserEntity {
  return Object.assign(new UserEntity(), user.toProps());
}
