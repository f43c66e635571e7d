import { RATE_E8, ceilDiv, clamp, floorDiv } from './rates';

/** A level of the book: [price units, quantity units]. */
export type Level = readonly [price: bigint, quantity: bigint];

/** What the premium needs of a market: notional = price x quantity x unit (quote smallest units). */
export interface NotionalScale {
  /** 10^(quoteDecimals - priceScale - quantityScale). */
  readonly unit: bigint;
}

/**
 * The average price of filling `impactNotional` (quote smallest units) from
 * one side of the book (asks for the impact ask, bids for the impact bid,
 * best first), in price units: rounded up for an ask, down for a bid (the
 * premium never looks smaller than it is). Null when the side cannot fill it.
 */
export function impactPrice(levels: readonly Level[], impactNotional: bigint, scale: NotionalScale, side: 'BID' | 'ASK'): bigint | null {
  if (impactNotional <= 0n) throw new RangeError('an impact notional is positive');
  let quantity = 0n;
  let notional = 0n;
  for (const [price, size] of levels) {
    const levelNotional = price * size * scale.unit;
    if (notional + levelNotional >= impactNotional) {
      // The part of this level that completes the notional, as an exact fraction: quantity x unit x price = rest.
      const rest = impactNotional - notional;
      // Average = impactNotional / (quantity + rest / (price x unit)), in price units per quantity unit:
      // = impactNotional x price / (quantity x price x unit + rest) ... all integers.
      const numerator = impactNotional * price;
      const denominator = quantity * price * scale.unit + rest;
      return side === 'ASK' ? ceilDiv(numerator, denominator) : floorDiv(numerator, denominator);
    }
    quantity += size;
    notional += levelNotional;
  }
  return null;
}

/**
 * One premium sample (RATE_E8): how far the book's impact prices stand from
 * the index, (max(0, impactBid - index) - max(0, index - impactAsk)) / index,
 * rounded toward zero. A side that cannot fill the impact notional counts as
 * the index (no premium from it).
 */
export function premiumSample(index: bigint, impactBid: bigint | null, impactAsk: bigint | null): bigint {
  if (index <= 0n) throw new RangeError('an index is positive');
  const above = impactBid !== null && impactBid > index ? impactBid - index : 0n;
  const below = impactAsk !== null && impactAsk < index ? index - impactAsk : 0n;
  return ((above - below) * RATE_E8) / index;
}

export interface FundingTerms {
  /** The interest rate per interval (RATE_E8): 0.01 % = 10_000n. */
  readonly interest: bigint;
  /** The band of interest - premium: 0.05 % = 50_000n. */
  readonly clampBand: bigint;
  /** The market's cap on the rate, either way. */
  readonly cap: bigint;
}

/**
 * The funding rate of an interval from its premium samples (RATE_E8): the
 * average premium plus clamp(interest - average, -band, +band), capped. The
 * average rounds toward zero; no sample gives the interest rate alone.
 */
export function fundingRate(samples: readonly bigint[], terms: FundingTerms): bigint {
  const average = samples.length === 0 ? 0n : samples.reduce((a, b) => a + b, 0n) / BigInt(samples.length);
  const rate = average + clamp(terms.interest - average, -terms.clampBand, terms.clampBand);
  return clamp(rate, -terms.cap, terms.cap);
}

/** One position to fund: signed size (quantity units; > 0 long). */
export interface FundedPosition {
  readonly userId: string;
  readonly size: bigint;
}

export interface FundingSettlement {
  /** Per position: what it pays (< 0) or receives (> 0), quote smallest units. */
  readonly payments: readonly { readonly userId: string; readonly amount: bigint }[];
  /** What the payers paid beyond what the receivers got (>= 0): the platform's side of the rounding. */
  readonly remainder: bigint;
}

/**
 * Funding of one market at one funding time: each position pays or receives
 * |size| x mark x rate (positive rate: longs pay, shorts receive). A payment
 * rounds up (a payer never pays less than its share), a receipt rounds down,
 * so Σ paid = Σ received + remainder, remainder >= 0 and below one unit per
 * position: nothing is created, and the rounding goes to the platform.
 */
export function settleFunding(positions: readonly FundedPosition[], mark: bigint, rate: bigint, scale: NotionalScale): FundingSettlement {
  const payments: { userId: string; amount: bigint }[] = [];
  let paid = 0n;
  let received = 0n;
  for (const { userId, size } of positions) {
    if (size === 0n || rate === 0n) continue;
    const notional = (size < 0n ? -size : size) * mark * scale.unit;
    const exact = notional * (rate < 0n ? -rate : rate);
    // Longs pay a positive rate, shorts a negative one.
    const pays = (size > 0n) === (rate > 0n);
    if (pays) {
      const amount = ceilDiv(exact, RATE_E8);
      paid += amount;
      payments.push({ userId, amount: -amount });
    } else {
      const amount = floorDiv(exact, RATE_E8);
      received += amount;
      payments.push({ userId, amount });
    }
  }
  return { payments, remainder: paid - received };
}
