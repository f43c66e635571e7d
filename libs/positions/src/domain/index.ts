export * from './position';
export * from './margin-tiers';
export * from './position-record';
export * from './margin-account';
export * from './positions.error';
