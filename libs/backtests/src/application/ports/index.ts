export * from './backtest-engine.port';
export * from './backtest-run.repository.port';
