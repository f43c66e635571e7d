import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { renderTable } from './lib/table';
import { BenchArgs, ResultRow } from './lib/types';
import { scenarios } from './scenarios';

/**
 * `npm run bench [-- <scenario>... ] [--orders=N] [--quick] [--rates=250,500] [--duration=S] [--profile=R]`
 *
 * Runs the named scenarios (all when none is named), prints one table and writes
 * bench/results/<ISO time>.json. Each scenario measures its reference point in the same run:
 * absolute numbers drift between machines and runs, the ratios much less.
 */
/** A bad command line: the message is enough, no stack. */
class UsageError extends Error {}

function parseArgs(argv: readonly string[]): BenchArgs {
  const only: string[] = [];
  let orders: number | null = null;
  let quick = false;
  let rates: number[] | null = null;
  let durationSec: number | null = null;
  let profileRate: number | null = null;
  const positive = (arg: string, prefix: string): number => {
    const n = Number(arg.slice(prefix.length).replace(/[_,]/g, ''));
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${prefix.slice(0, -1)} must be a positive number, got ${arg}`);
    return n;
  };
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg.startsWith('--rates=')) {
      rates = arg.slice('--rates='.length).split(',').map((r) => Number(r.replace(/_/g, '')));
      if (rates.length === 0 || rates.some((r) => !Number.isFinite(r) || r <= 0)) throw new UsageError(`--rates must be positive numbers separated by commas, got ${arg}`);
    } else if (arg.startsWith('--duration=')) durationSec = positive(arg, '--duration=');
    else if (arg.startsWith('--profile=')) profileRate = positive(arg, '--profile=');
    else if (arg.startsWith('--orders=')) {
      orders = Number(arg.slice('--orders='.length).replace(/[_,]/g, ''));
      if (!Number.isInteger(orders) || orders <= 0) throw new UsageError(`--orders must be a positive integer, got ${arg}`);
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else only.push(arg);
  }
  const known = new Set(scenarios.map((s) => s.name));
  const unknown = only.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new UsageError(`unknown scenario(s): ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
  return { only, orders, quick, rates, durationSec, profileRate };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const selected = scenarios.filter((s) => args.only.length === 0 || args.only.includes(s.name));
  const startedAt = new Date();
  const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
  if ((globalThis as { gc?: unknown }).gc === undefined) log('note: run with --expose-gc for steadier heap figures');

  const rows: ResultRow[] = [];
  const details: Record<string, unknown> = {};
  for (const scenario of selected) {
    log(`${scenario.name}: ${scenario.description}`);
    const outcome = await scenario.run({ args, log });
    rows.push(...outcome.rows);
    details[scenario.name] = outcome.details ?? {};
  }

  process.stdout.write(`\n${renderTable(rows)}\n\n`);
  const dir = join(__dirname, '..', '..', '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${startedAt.toISOString().replace(/:/g, '-')}.json`);
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform };
  const json = JSON.stringify({ startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), machine, args, rows, details }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
  writeFileSync(file, `${json}\n`);
  log(`results written to ${file}`);
  if (rows.some((r) => r.pass === false)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) process.stderr.write(`bench: ${error.message}\n`);
  else process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
});
