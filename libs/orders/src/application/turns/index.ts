export { MarketTurns } from './market-turns';
export { BatchRunner } from './batch-runner';
export { DecisionWriter } from './decision-writer';
export { answerOf, refused, type Accepted, type Decision, type Facts, type MarketView, type Needs, type PassRecord, type Refused, type TurnCommand, type TurnResult } from './turn-command';
export type { Admission } from '../queue-shares';
