// The public face of the backtests context (docs/analytics.md, "Backtests").
export * from './domain';
