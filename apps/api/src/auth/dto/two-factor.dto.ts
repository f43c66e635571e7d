import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const CODE = { example: '492039', description: 'The 6-digit code the authenticator app shows now', pattern: '^\\d{6}$' } as const;
const RECOVERY = { example: 'k7m2p-x9qaz', description: 'One of the ten recovery codes (each works once; case, spaces and dashes do not matter)' } as const;

export class MfaChallengeDto {
  @ApiProperty({ example: true, enum: [true], description: 'The password was right; finish with POST /api/v1/auth/login/mfa' }) mfaRequired!: true;
  @ApiProperty({ example: 'Jq0l3cJQW6sD0Q2c6Xn2d4e8m1yUu3qQ3n0kq7z2H1M', description: 'Single use, valid `expiresIn` seconds' }) mfaToken!: string;
  @ApiProperty({ example: 300 }) expiresIn!: number;
}

export class MfaLoginDto {
  @ApiProperty({ example: 'Jq0l3cJQW6sD0Q2c6Xn2d4e8m1yUu3qQ3n0kq7z2H1M' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  mfaToken!: string;

  @ApiPropertyOptional({ ...CODE, description: `${CODE.description}; or send recoveryCode` })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code?: string;

  @ApiPropertyOptional(RECOVERY)
  @IsOptional()
  @IsString()
  @MaxLength(32)
  recoveryCode?: string;
}

export class ConfirmTwoFactorDto {
  @ApiProperty(CODE)
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code!: string;
}

export class DisableTwoFactorDto {
  @ApiPropertyOptional(CODE)
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code?: string;

  @ApiPropertyOptional({ ...RECOVERY, description: `${RECOVERY.description}: for a lost device` })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  recoveryCode?: string;
}

export class TwoFactorSetupDto {
  @ApiProperty({ example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', description: 'Base32, for typing into the app by hand' }) secret!: string;
  @ApiProperty({ example: 'otpauth://totp/Exchange:alice%40example.com?issuer=Exchange&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30' })
  otpauthUri!: string;
  @ApiProperty({ example: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA...', description: 'The URI as a QR code to scan' }) qrCodePng!: string;
}

export class RecoveryCodesDto {
  @ApiProperty({ type: [String], example: ['k7m2p-x9qaz', 'b3nq8-w2hte'], description: 'Shown this once: keep them offline' }) recoveryCodes!: string[];
}

export class TwoFactorStatusDto {
  @ApiProperty({ example: true }) enabled!: boolean;
  @ApiProperty({ example: false, description: 'A setup waits for its confirming code' }) pending!: boolean;
  @ApiProperty({ example: '2026-12-07T10:00:00.000Z', nullable: true, type: String }) enabledAt!: string | null;
  @ApiProperty({ example: 9 }) recoveryCodesLeft!: number;
}

export class TwoFactorDisabledDto {
  @ApiProperty({ type: [String], example: ['ak_0Jx4v2nq8Tg3Lw9Zp1Qy5A'], description: 'Your API keys with WITHDRAW, revoked with the second factor' }) revokedApiKeys!: string[];
}
