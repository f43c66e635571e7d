/** One line of the results table. `ratio` is always ours / reference; the target says which way is good. */
export interface ResultRow {
  readonly scenario: string;
  readonly metric: string;
  readonly ours: number | string | null;
  readonly reference: number | string | null;
  readonly ratio: number | null;
  readonly target: string;
  /** null: informational, no target. */
  readonly pass: boolean | null;
}

export interface BenchArgs {
  /** Scenario names given on the command line; empty = all. */
  readonly only: readonly string[];
  /** --orders=N: shrink (or grow) the engine stream. */
  readonly orders: number | null;
  /** --quick: small sizes everywhere, for a smoke run. */
  readonly quick: boolean;
  /** --rates=250,500,...: arrival rates (per second) of the open-model HTTP scenarios. */
  readonly rates: readonly number[] | null;
  /** --duration=S: seconds per rate of the open-model HTTP scenarios. */
  readonly durationSec: number | null;
  /** --profile=R: write a V8 CPU profile of the server during rate R (bench/results/*.cpuprofile). */
  readonly profileRate: number | null;
}

export interface BenchContext {
  readonly args: BenchArgs;
  log(message: string): void;
}

export interface ScenarioOutcome {
  readonly rows: readonly ResultRow[];
  /** Anything else worth keeping in the JSON (stream shape, raw samples...). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A scenario lives in bench/scenarios/<name>.ts and is listed in bench/scenarios/index.ts. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  run(ctx: BenchContext): Promise<ScenarioOutcome>;
}
