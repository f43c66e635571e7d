/** Runs kept per market: a socket whose snapshot is older than this many emitted deltas may take a new one. */
const KEPT_RUNS = 512;

interface MarketRuns {
  /** Position of runs[0] in the market's emission order. */
  first: number;
  readonly runs: { readonly prevSeq: number; readonly seq: number }[];
}

/** Where a socket's book snapshot stands in the market's deltas: its seq, and the position of the next delta emitted. */
export interface SnapshotMark {
  readonly seq: number;
  readonly position: number;
}

/**
 * The book deltas each market's room was sent lately, so the gateway can
 * tell whether a socket that already holds `book` could have seen a gap
 * since its snapshot (the documented client rule, replayed): only then does
 * a repeated `subscribe` earn it a new snapshot. Every socket of a room gets
 * the same deltas in the same order, so one log per market serves them all.
 */
export class BookRuns {
  private readonly markets = new Map<string, MarketRuns>();

  /** A delta run sent to the market's book room. */
  emitted(symbol: string, prevSeq: number, seq: number): void {
    const market = this.markets.get(symbol) ?? { first: 0, runs: [] };
    this.markets.set(symbol, market);
    market.runs.push({ prevSeq, seq });
    if (market.runs.length > KEPT_RUNS) {
      market.runs.splice(0, market.runs.length - KEPT_RUNS);
      market.first += 1;
    }
  }

  /** The mark of a snapshot at `seq` sent now (before the socket joins the room). */
  mark(symbol: string, seq: number): SnapshotMark {
    const market = this.markets.get(symbol);
    return { seq, position: market ? market.first + market.runs.length : 0 };
  }

  /**
   * Whether a client holding the snapshot `mark`, applying every delta sent
   * since by the seq rule, met one with `prevSeq` above its seq (a gap).
   * True as well when those deltas are no longer kept (it cannot be told).
   */
  gapSince(symbol: string, mark: SnapshotMark): boolean {
    const market = this.markets.get(symbol);
    if (!market) return false;
    if (mark.position < market.first) return true;
    let seq = mark.seq;
    for (let i = mark.position - market.first; i < market.runs.length; i++) {
      const run = market.runs[i]!;
      if (run.seq <= seq) continue;
      if (run.prevSeq > seq) return true;
      seq = run.seq;
    }
    return false;
  }
}
