import { CostBasisEntity } from './entities/cost-basis.entity';
import { EquitySnapshotEntity } from './entities/equity-snapshot.entity';
import { HolderEntity } from './entities/holder.entity';
import { CreatePortfolioSchema1763728800000 } from './migrations/1763728800000-create-portfolio-schema';

export const PORTFOLIO_ENTITIES = [CostBasisEntity, HolderEntity, EquitySnapshotEntity];
export const PORTFOLIO_MIGRATIONS = [CreatePortfolioSchema1763728800000];
