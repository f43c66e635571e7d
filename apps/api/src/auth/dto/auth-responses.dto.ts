import { ApiProperty } from '@nestjs/swagger';
import { AccountStatus, AuthTokens, CURRENCIES, LANGUAGES, Role, THEMES, UserView } from '@lib/auth';

export class TokenUserDto {
  @ApiProperty({ example: '0b8e4a52-6f7d-4f0e-9a38-2f1de1c1f0a1', format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'alice@example.com' }) email!: string;
  @ApiProperty({ example: 'Alice Martin' }) name!: string;
  @ApiProperty({ enum: Role, example: Role.USER }) role!: Role;
}

export class AuthTokensDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...', description: 'JWT (HS256), send as `Authorization: Bearer <token>`' })
  accessToken!: string;

  @ApiProperty({ example: 'q9nW0m6c3s1bXo3o0m5lJ6N2Zp2q3xU5tB8kq1Zr9aE', description: 'Opaque; single use: each refresh returns a new one' })
  refreshToken!: string;

  @ApiProperty({ example: 'Bearer', enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ example: 900, description: 'Access token lifetime in seconds' }) expiresIn!: number;
  @ApiProperty({ type: TokenUserDto }) user!: TokenUserDto;

  static from(tokens: AuthTokens): AuthTokensDto {
    return { ...tokens, user: { ...tokens.user } };
  }
}

export class NotificationSettingsDto {
  @ApiProperty({ example: true }) email!: boolean;
  @ApiProperty({ example: false }) push!: boolean;
  @ApiProperty({ example: true }) orderFills!: boolean;
  @ApiProperty({ example: true }) priceAlerts!: boolean;
}

export class SettingsDto {
  @ApiProperty({ enum: CURRENCIES, example: 'USD' }) currency!: string;
  @ApiProperty({ enum: THEMES, example: 'system' }) theme!: string;
  @ApiProperty({ enum: LANGUAGES, example: 'en' }) language!: string;
  @ApiProperty({ type: NotificationSettingsDto }) notifications!: NotificationSettingsDto;
}

export class UserDto {
  @ApiProperty({ example: '0b8e4a52-6f7d-4f0e-9a38-2f1de1c1f0a1', format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'alice@example.com' }) email!: string;
  @ApiProperty({ example: 'Alice Martin' }) name!: string;
  @ApiProperty({ enum: Role, example: Role.USER }) role!: Role;
  @ApiProperty({ enum: AccountStatus, example: AccountStatus.ACTIVE }) status!: AccountStatus;
  @ApiProperty({ type: SettingsDto }) settings!: SettingsDto;
  @ApiProperty({ example: '2026-11-21T10:00:00.000Z', format: 'date-time' }) createdAt!: string;
  @ApiProperty({ example: '2026-11-21T10:00:00.000Z', format: 'date-time' }) updatedAt!: string;

  /** An explicit mapping: nothing reaches the wire unless it is listed here. */
  static from(user: UserView): UserDto {
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      status: user.status,
      settings: { ...user.settings, notifications: { ...user.settings.notifications } },
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    };
  }
}
