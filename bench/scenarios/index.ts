import { Scenario } from '../lib/types';
import { adminOverheadScenario } from './admin-overhead';
import { alertsTickScenario } from './alerts-tick';
import { backtestYearScenario } from './backtest-year';
import { engineScenario } from './engine';
import { fanoutScenario } from './fanout';
import { fundingSettlementScenario } from './funding-settlement';
import { liquidationCascadeScenario } from './liquidation-cascade';
import { liquidationIndexScenario } from './liquidation-index';
import { ordersHttpScenario } from './orders-http';
import { ordersSignedScenario } from './orders-signed';
import { perpVsSpotScenario } from './perp-vs-spot';
import { privateStreamScenario } from './private-stream';
import { triggerIndexScenario } from './trigger-index';
import { triggerLatencyScenario } from './trigger-latency';
import { triggerStormScenario } from './trigger-storm';

/** Every scenario `npm run bench` knows, in the order they run. */
export const scenarios: readonly Scenario[] = [engineScenario, ordersHttpScenario, ordersSignedScenario, perpVsSpotScenario, liquidationIndexScenario, fundingSettlementScenario, liquidationCascadeScenario, triggerIndexScenario, triggerStormScenario, triggerLatencyScenario, alertsTickScenario, backtestYearScenario, adminOverheadScenario, fanoutScenario, privateStreamScenario];
