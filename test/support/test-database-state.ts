/** Handed from the global setup to the global teardown (same process). */
export interface TestDatabaseState {
  readonly serverUrl: string;
  readonly name: string;
  readonly stopEmbedded?: () => Promise<void>;
}

const KEY = Symbol.for('exchange.test-database');

export const TestDatabaseState = {
  save(state: TestDatabaseState): void {
    (globalThis as Record<symbol, unknown>)[KEY] = state;
  },
  load(): TestDatabaseState | undefined {
    return (globalThis as Record<symbol, unknown>)[KEY] as TestDatabaseState | undefined;
  },
};
