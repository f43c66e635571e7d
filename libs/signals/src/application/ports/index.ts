export { IndicatorFactory, type OperandSeries } from './indicators.port';
export { SignalRepository, type SignalFiringRecord, type SignalRuleRecord, type SignalRulePatch } from './signal.repository.port';
