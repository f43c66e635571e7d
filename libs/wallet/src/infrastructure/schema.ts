import { AccountEntity } from './entities/account.entity';
import { AssetEntity } from './entities/asset.entity';
import { LedgerTransactionEntity } from './entities/ledger-transaction.entity';
import { PostingEntity } from './entities/posting.entity';
import { WithdrawalEntity } from './entities/withdrawal.entity';
import { CreateWalletSchema1763727000000 } from './migrations/1763727000000-create-wallet-schema';
import { HoldWithdrawals1763730300000 } from './migrations/1763730300000-hold-withdrawals';
import { ClearingAccount1763730500000 } from './migrations/1763730500000-clearing-account';

export const WALLET_ENTITIES = [AssetEntity, AccountEntity, LedgerTransactionEntity, PostingEntity, WithdrawalEntity];
export const WALLET_MIGRATIONS = [CreateWalletSchema1763727000000, HoldWithdrawals1763730300000, ClearingAccount1763730500000];
