import { CreateRiskSchema1763730800000 } from './migrations/1763730800000-create-risk-schema';
import { CreateKillSwitches1763730900000 } from './migrations/1763730900000-create-kill-switches';

/** No entities: the risk context reads and writes in plain SQL only (SqlFundingRepository, SqlKillSwitchRepository). */
export const RISK_ENTITIES: (new () => unknown)[] = [];
export const RISK_MIGRATIONS = [CreateRiskSchema1763730800000, CreateKillSwitches1763730900000];
