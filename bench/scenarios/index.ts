import { Scenario } from '../lib/types';
import { engineScenario } from './engine';
import { ordersHttpScenario } from './orders-http';

/**
 * Every scenario `npm run bench` knows, in the order they run. Add fan-out and the private
 * stream as their own files here.
 */
export const scenarios: readonly Scenario[] = [engineScenario, ordersHttpScenario];
