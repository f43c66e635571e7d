import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** How `new Worker(filename, {eval})` starts a worker script. */
export interface WorkerEntry {
  readonly filename: string;
  readonly eval: boolean;
}

/**
 * How to start the worker `<name>.worker` that sits in `dir` (the caller's
 * __dirname): its compiled .js in the built app (dist/, the bench's build),
 * else, from the TypeScript sources (jest), the .ts through a small swc
 * require hook (source-loader.js beside this file).
 */
export function workerEntry(dir: string, name: string): WorkerEntry {
  const built = join(dir, `${name}.js`);
  if (existsSync(built)) return { filename: built, eval: false };
  const loader = JSON.stringify(join(__dirname, 'source-loader.js'));
  const source = JSON.stringify(join(dir, `${name}.ts`));
  return { filename: `require(${loader}); require(${source});`, eval: true };
}
