import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

const EXAMPLE_KEY = 'pqZ1-8vN3kQ0mY7xL2cT5bR9wE4uI6oA1sD3fG5hJ7kL9zX2cV4bN6mQ8wE0rT2y';

/** PUT and DELETE /user-stream: the key to keep alive or close. Anything that is not a live key of yours is 404 LISTEN_KEY_NOT_FOUND. */
export class ListenKeyRequestDto {
  @ApiProperty({ example: EXAMPLE_KEY, description: 'The key POST /user-stream answered' })
  @IsString()
  @MaxLength(256)
  listenKey!: string;
}

export class ListenKeyDto {
  @ApiProperty({ example: EXAMPLE_KEY, minLength: 64, maxLength: 64, description: 'Opens /user: io(url + "/user", {auth: {listenKey}}). Keep it secret, like a token' })
  listenKey!: string;

  @ApiProperty({ example: '2026-12-07T11:00:00.000Z', description: 'When it stops (LISTEN_KEY_TTL_MS, 60 min, after its creation or last PUT); its sockets are then disconnected with LISTEN_KEY_EXPIRED' })
  expiresAt!: string;
}
