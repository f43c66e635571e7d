export * from './position';
export * from './margin-tiers';
