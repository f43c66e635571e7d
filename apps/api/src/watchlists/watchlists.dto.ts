import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_SYMBOLS_PER_WATCHLIST, MAX_WATCHLISTS_PER_USER, MAX_WATCHLIST_NAME_LENGTH } from '@lib/watchlists';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { TickerDto } from '../market/market-responses.dto';

// The body's own bounds are loose (a symbol array twice the limit is still read) so that the domain answers the
// limits with their own codes (WATCHLIST_SYMBOLS_LIMIT, INVALID_WATCHLIST_NAME) rather than VALIDATION_FAILED.
const SYMBOLS_READ = MAX_SYMBOLS_PER_WATCHLIST * 2;
const NAME_READ = MAX_WATCHLIST_NAME_LENGTH * 4;

const NAME_DOC = `1 to ${MAX_WATCHLIST_NAME_LENGTH} characters once trimmed; unique among your lists regardless of case (409 WATCHLIST_NAME_TAKEN)`;
const SYMBOLS_DOC =
  `Market symbols of the catalog, in the order to show them: at most ${MAX_SYMBOLS_PER_WATCHLIST} (422 WATCHLIST_SYMBOLS_LIMIT), ` +
  'each once (400 DUPLICATE_SYMBOL: a symbol given twice is refused, not deduplicated), each a market (422 UNKNOWN_SYMBOL naming it; symbols are case-sensitive)';

export class CreateWatchlistDto {
  @ApiProperty({ example: 'Majors', description: NAME_DOC })
  @IsString()
  @MaxLength(NAME_READ)
  name!: string;

  @ApiPropertyOptional({ type: [String], example: ['BTC-USDT', 'ETH-USDT', 'BTC-PERP'], description: `${SYMBOLS_DOC}. Empty when absent.` })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SYMBOLS_READ)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  symbols?: string[];
}

export class UpdateWatchlistDto {
  @ApiPropertyOptional({ example: 'Majors (perps)', description: NAME_DOC })
  @IsOptional()
  @IsString()
  @MaxLength(NAME_READ)
  name?: string;

  @ApiPropertyOptional({ type: [String], example: ['ETH-USDT', 'BTC-USDT'], description: `Replaces the whole ordered list. ${SYMBOLS_DOC}` })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SYMBOLS_READ)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  symbols?: string[];

  @ApiPropertyOptional({
    example: 0,
    minimum: 0,
    maximum: MAX_WATCHLISTS_PER_USER - 1,
    description: 'The list\'s new place among your lists, 0-based (0 is first); the others keep their relative order. Past the last: 400 INVALID_POSITION.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_WATCHLISTS_PER_USER - 1)
  position?: number;
}

export class WatchlistSymbolDto {
  @ApiProperty({ example: 'BTC-USDT' }) symbol!: string;
  @ApiProperty({ type: TickerDto, nullable: true, description: 'The live ticker of the market (null only if the market left the catalog)' }) ticker!: TickerDto | null;
}

export class WatchlistDto {
  @ApiProperty({ format: 'uuid', example: '0b8e8f7e-3c1d-4f7a-9a51-2a4d1f6f0c11' }) id!: string;
  @ApiProperty({ example: 'Majors' }) name!: string;
  @ApiProperty({ example: 0, description: 'Its place (0-based) among your lists' }) position!: number;
  @ApiProperty({ type: [WatchlistSymbolDto], description: 'In the order you set' }) symbols!: WatchlistSymbolDto[];
  @ApiProperty({ format: 'date-time', example: '2026-12-07T10:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-07T10:05:00.000Z' }) updatedAt!: string;
}
