import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiKeyPermission } from '@lib/auth';
import { ArrayMaxSize, IsArray, IsDateString, IsEnum, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'grid bot', minLength: 1, maxLength: 64 })
  @IsString()
  @Length(1, 64)
  label!: string;

  @ApiProperty({ enum: ['HMAC', 'ED25519'], example: 'ED25519', description: 'HMAC: the server draws a secret, answered once. ED25519: send your public key; the server keeps no secret' })
  @IsIn(['HMAC', 'ED25519'])
  scheme!: 'HMAC' | 'ED25519';

  @ApiProperty({ enum: ApiKeyPermission, isArray: true, example: ['READ', 'TRADE'], description: 'READ is always included; TRADE places and cancels; WITHDRAW moves money out' })
  @IsArray()
  @ArrayMaxSize(3)
  @IsEnum(ApiKeyPermission, { each: true })
  permissions!: ApiKeyPermission[];

  @ApiPropertyOptional({ example: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', description: 'ED25519 only: the raw 32-byte public key in base64url, or an SPKI PEM' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  publicKey?: string;

  @ApiPropertyOptional({ type: [String], example: ['203.0.113.7', '198.51.100.0/24'], description: 'Only these addresses or CIDR ranges may use the key (at most 20); absent or empty: any' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  ipAllowlist?: string[];

  @ApiPropertyOptional({ example: '2027-06-30T00:00:00.000Z', description: 'When the key stops working (absent: never)' })
  @IsOptional()
  @IsDateString({ strict: true })
  expiresAt?: string;
}

export class ApiKeyDto {
  @ApiProperty({ example: 'ak_3q2-7wXbT0mJYy1k8Q0kZg', description: 'The key id: the X-API-Key header' }) id!: string;
  @ApiProperty({ example: 'grid bot' }) label!: string;
  @ApiProperty({ enum: ['HMAC', 'ED25519'] }) scheme!: string;
  @ApiProperty({ enum: ApiKeyPermission, isArray: true, example: ['READ', 'TRADE'] }) permissions!: string[];
  @ApiProperty({ type: [String], example: [] }) ipAllowlist!: string[];
  @ApiProperty({ nullable: true, type: String, example: null }) expiresAt!: string | null;
  @ApiProperty({ nullable: true, type: String, example: null }) revokedAt!: string | null;
  @ApiProperty({ example: '2026-12-07T10:00:00.000Z' }) createdAt!: string;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiPropertyOptional({ example: 'pV3Jc1d5bQ0m3Yq9sS8Y0l7dH1qfXz0r2c4v6b8n0m2', description: 'HMAC keys only, in this answer only: the HMAC-SHA256 key is this string\'s UTF-8 bytes' })
  secret?: string;
}
