export * from './engine';
export * from './orders.error';
export * from './order-types';
export * from './market-spec';
export * from './order';
export * from './holds';
export * from './amend';
export * from './market-acceptance';
