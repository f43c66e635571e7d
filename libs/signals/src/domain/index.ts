export * from './signals.error';
export * from './operand';
export * from './signal-rule';
export * from './signal-stats';
