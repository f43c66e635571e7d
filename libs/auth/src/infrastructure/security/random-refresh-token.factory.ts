import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { OpaqueToken, RefreshTokenFactory } from '../../application/ports';

/** 256 random bits: a fast hash is enough (no dictionary to guess from), so lookup is by hash. */
@Injectable()
export class RandomRefreshTokenFactory extends RefreshTokenFactory {
  generate(): OpaqueToken {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: this.hash(token) };
  }

  hash(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }
}
