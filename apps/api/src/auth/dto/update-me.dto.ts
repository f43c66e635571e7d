import { ApiPropertyOptional } from '@nestjs/swagger';
import { CURRENCIES, LANGUAGES, NAME_MAX_LENGTH, THEMES } from '@lib/auth';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsObject, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';

/** Optional means absent, not null: `{"name": null}` is a 400, never a cleared field. */
const IsOptional = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

export class NotificationSettingsPatchDto {
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() email?: boolean;
  @ApiPropertyOptional({ example: false }) @IsOptional() @IsBoolean() push?: boolean;
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() orderFills?: boolean;
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() priceAlerts?: boolean;
}

export class SettingsPatchDto {
  @ApiPropertyOptional({ enum: CURRENCIES, example: 'EUR', description: 'Display currency' })
  @IsOptional()
  @IsIn(CURRENCIES)
  currency?: (typeof CURRENCIES)[number];

  @ApiPropertyOptional({ enum: THEMES, example: 'dark' })
  @IsOptional()
  @IsIn(THEMES)
  theme?: (typeof THEMES)[number];

  @ApiPropertyOptional({ enum: LANGUAGES, example: 'de' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: (typeof LANGUAGES)[number];

  @ApiPropertyOptional({ type: NotificationSettingsPatchDto })
  @IsOptional()
  @IsObject({ message: 'settings.notifications must be an object' })
  @ValidateNested()
  @Type(() => NotificationSettingsPatchDto)
  notifications?: NotificationSettingsPatchDto;
}

/**
 * Only these fields can change: anything else (role, id, email, status) is a 400.
 * `settings` and `notifications` must be objects: @ValidateNested alone takes an
 * array and validates each element, and `notifications: [{}, {}, ...]` was
 * stored as one key per element.
 */
export class UpdateMeDto {
  @ApiPropertyOptional({ example: 'Alice M.', maxLength: NAME_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(NAME_MAX_LENGTH)
  name?: string;

  @ApiPropertyOptional({ type: SettingsPatchDto, description: 'Keys not given keep their value' })
  @IsOptional()
  @IsObject({ message: 'settings must be an object' })
  @ValidateNested()
  @Type(() => SettingsPatchDto)
  settings?: SettingsPatchDto;
}
