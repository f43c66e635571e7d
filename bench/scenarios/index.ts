import { Scenario } from '../lib/types';
import { engineScenario } from './engine';

/**
 * Every scenario `npm run bench` knows, in the order they run. Add HTTP order placement,
 * fan-out and the private stream as their own files here.
 */
export const scenarios: readonly Scenario[] = [engineScenario];
