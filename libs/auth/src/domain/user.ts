import { AuthError, AuthErrorCode } from './auth.error';
import { AccountStatus, Role } from './role';
import { DEFAULT_SETTINGS, UserSettings, UserSettingsPatch, mergeSettings } from './user-settings';

export interface UserProps {
  readonly id: string;
  readonly email: string;
  name: string;
  passwordHash: string;
  role: Role;
  status: AccountStatus;
  statusReason: string | null;
  settings: UserSettings;
  readonly createdAt: Date;
  updatedAt: Date;
}

export const NAME_MAX_LENGTH = 100;

/** The account aggregate: identity, credentials, role, status and preferences. */
export class User {
  private constructor(private readonly props: UserProps) {}

  static register(input: { id: string; email: string; name: string; passwordHash: string; role?: Role; now: Date }): User {
    return new User({
      id: input.id,
      email: input.email,
      name: User.cleanName(input.name),
      passwordHash: input.passwordHash,
      role: input.role ?? Role.USER,
      status: AccountStatus.ACTIVE,
      statusReason: null,
      settings: DEFAULT_SETTINGS,
      createdAt: input.now,
      updatedAt: input.now,
    });
  }

  static restore(props: UserProps): User {
    return new User({ ...props });
  }

  get id(): string { return this.props.id; }
  get email(): string { return this.props.email; }
  get name(): string { return this.props.name; }
  get passwordHash(): string { return this.props.passwordHash; }
  get role(): Role { return this.props.role; }
  get status(): AccountStatus { return this.props.status; }
  get statusReason(): string | null { return this.props.statusReason; }
  get settings(): UserSettings { return this.props.settings; }
  get createdAt(): Date { return this.props.createdAt; }
  get updatedAt(): Date { return this.props.updatedAt; }

  get isSuspended(): boolean {
    return this.props.status === AccountStatus.SUSPENDED;
  }

  assertActive(): void {
    if (this.isSuspended) throw new AuthError(AuthErrorCode.ACCOUNT_SUSPENDED, 'This account is suspended');
  }

  updateProfile(patch: { name?: string; settings?: UserSettingsPatch }, now: Date): void {
    if (patch.name !== undefined) this.props.name = User.cleanName(patch.name);
    if (patch.settings !== undefined) this.props.settings = mergeSettings(this.props.settings, patch.settings);
    this.props.updatedAt = now;
  }

  changePasswordHash(passwordHash: string, now: Date): void {
    this.props.passwordHash = passwordHash;
    this.props.updatedAt = now;
  }

  setStatus(status: AccountStatus, reason: string | null, now: Date): void {
    this.props.status = status;
    this.props.statusReason = status === AccountStatus.ACTIVE ? null : reason;
    this.props.updatedAt = now;
  }

  grantRole(role: Role, now: Date): void {
    this.props.role = role;
    this.props.updatedAt = now;
  }

  toProps(): Readonly<UserProps> {
    return { ...this.props };
  }

  private static cleanName(name: string): string {
    const clean = name.trim().replace(/\s+/g, ' ');
    const length = [...clean].length;
    if (length === 0 || length > NAME_MAX_LENGTH) {
      throw new AuthError(AuthErrorCode.INVALID_NAME, `Name must be 1 to ${NAME_MAX_LENGTH} characters`);
    }
    return clean;
  }
}
