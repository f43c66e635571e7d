import { ValueTransformer } from 'typeorm';

/**
 * numeric(38,0) <-> bigint, the one mapping of money columns: pg returns
 * numeric as a string, which is converted exactly (never through a number).
 */
export const bigintColumn: ValueTransformer = {
  to: (value: bigint | null | undefined) => (value === null || value === undefined ? value : value.toString()),
  from: (value: string | null) => (value === null ? null : BigInt(value)),
};
