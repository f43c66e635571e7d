import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AccountStatus } from '@lib/auth';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { UserDto } from '../auth/dto/auth-responses.dto';

export class ListUsersQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ enum: AccountStatus })
  @IsOptional()
  @IsIn(Object.values(AccountStatus))
  status?: AccountStatus;

  @ApiPropertyOptional({ description: 'Substring of the email or name', example: 'alice' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
  @ApiProperty({ nullable: true, type: String, example: null, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor!: string | null;
}

export class SuspendUserDto {
  @ApiProperty({ example: 'Chargeback fraud under review', maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}
