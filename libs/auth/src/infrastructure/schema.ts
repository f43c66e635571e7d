import { RefreshTokenEntity } from './entities/refresh-token.entity';
import { SessionEntity } from './entities/session.entity';
import { UserEntity } from './entities/user.entity';
import { CreateAuthSchema1763726400000 } from './migrations/1763726400000-create-auth-schema';
import { RefreshTokensCreatedAt1763731500000 } from './migrations/1763731500000-refresh-tokens-created-at';

/** What the app's DataSource (and the migration CLI) must know of this context. */
export const AUTH_ENTITIES = [UserEntity, SessionEntity, RefreshTokenEntity];
export const AUTH_MIGRATIONS = [CreateAuthSchema1763726400000, RefreshTokensCreatedAt1763731500000];
