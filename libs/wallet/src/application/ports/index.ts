export * from './ledger.repository.port';
export * from './asset-catalog.port';
export * from './withdrawal.repository.port';
export * from './wallet-read.port';
export * from './account-holders.port';
