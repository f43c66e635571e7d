export * from './wallet.error';
export * from './accounts';
export * from './ledger-transaction';
export * from './withdrawal';
export type { Asset } from './asset';
