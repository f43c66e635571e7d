import { RefreshTokenEntity } from './entities/refresh-token.entity';
import { SessionEntity } from './entities/session.entity';
import { UserEntity } from './entities/user.entity';
import { ApiKeyEntity } from './entities/api-key.entity';
import { ListenKeyEntity } from './entities/listen-key.entity';
import { CreateApiKeys1763731800000 } from './migrations/1763731800000-create-api-keys';
import { CreateListenKeys1763732100000 } from './migrations/1763732100000-create-listen-keys';
import { CreateAuthSchema1763726400000 } from './migrations/1763726400000-create-auth-schema';
import { CreateTwoFactor1763732000000 } from './migrations/1763732000000-create-two-factor';
import { RefreshTokensCreatedAt1763731500000 } from './migrations/1763731500000-refresh-tokens-created-at';

/** What the app's DataSource (and the migration CLI) must know of this context. */
export const AUTH_ENTITIES = [UserEntity, SessionEntity, RefreshTokenEntity, ApiKeyEntity, ListenKeyEntity];
export const AUTH_MIGRATIONS = [CreateAuthSchema1763726400000, RefreshTokensCreatedAt1763731500000, CreateApiKeys1763731800000, CreateTwoFactor1763732000000, CreateListenKeys1763732100000];
