import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvReader } from './env-reader';

/** 256 random bits: far beyond the 128 bits a search of the seed space would have to cover. */
const SECRET_BYTES = 32;
/** A kept secret shorter than this (a truncated or hand-edited file) is refused: the path must stay unguessable. */
const MIN_SECRET_BYTES = 16;

export interface MarketSeed {
  readonly seed: string;
  /** `MARKET_SEED` (reproducible, so predictable by whoever knows it) or the install's secret in DATA_DIR (`file`), or a secret of this process only when DATA_DIR cannot be written (`ephemeral`). */
  readonly seedSource: 'MARKET_SEED' | 'file' | 'ephemeral';
}

/**
 * The seed of the simulated price walk and of the noise trader. By default a
 * secret generated once per install and kept in DATA_DIR/market-seed (like
 * the development JWT key): with a public seed anyone could compute the path
 * and trade against the market maker ahead of it. `MARKET_SEED` is for
 * reproducible runs (tests, demos) only.
 *
 * A DATA_DIR that cannot be written (a read-only container) gets a secret of
 * this process: the walk resumes from the stored (price, step) either way,
 * so a new secret only changes the path from then on.
 */
export function readMarketSeed(e: EnvReader, dataDir: string): MarketSeed {
  const given = e.raw('MARKET_SEED');
  if (given !== undefined) return { seed: given, seedSource: 'MARKET_SEED' };
  const file = join(dataDir, 'market-seed');
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (Buffer.from(kept, 'base64url').length < MIN_SECRET_BYTES) {
      e.fail('MARKET_SEED', `is not set and ${file} holds fewer than ${MIN_SECRET_BYTES} random bytes: delete that file to generate a new seed`);
    }
    return { seed: kept, seedSource: 'file' };
  }
  const seed = randomBytes(SECRET_BYTES).toString('base64url');
  try {
    mkdirSync(dataDir, { recursive: true });
    // Write then rename: a crash never leaves a truncated secret behind.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, seed, { mode: 0o600 });
    renameSync(partial, file);
    return { seed, seedSource: 'file' };
  } catch {
    return { seed, seedSource: 'ephemeral' };
  }
}
