export * from './domain';
export { SignalsModule } from './signals.module';
export { SIGNALS_ENTITIES, SIGNALS_MIGRATIONS } from './infrastructure/schema';
export { SIGNAL_FIRED, type SignalFiredV1 } from './application/events';
export {
  CreateSignalRuleCommand,
  UpdateSignalRuleCommand,
  DeleteSignalRuleCommand,
  ListSignalRulesQuery,
  GetSignalRuleQuery,
  ListSignalFiringsQuery,
  GetSignalStatsQuery,
} from './application/commands';
export { MAX_SIGNAL_RULES, FIRINGS_PAGE_MAX, type NewSignalRule, type SignalRuleChanges } from './application/signal-rules';
export type { SignalRuleView, SignalFiringView, SignalFiringPage, SignalStatsView } from './application/views';
export { SignalEvaluator, type ClosedCandle } from './application/signal-evaluator';
export { CandleClosedListener } from './infrastructure/candle-closed.listener';
