import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../../..');
const json = (file: string): { compilerOptions?: { paths?: Record<string, string[]> }; jsc?: { paths?: Record<string, string[]> } } =>
  JSON.parse(readFileSync(join(root, file), 'utf8')) as never;
const libAliases = (paths: Record<string, string[]> | undefined): string[] =>
  Object.keys(paths ?? {})
    .filter((alias) => /^@lib\/[\w-]+$/.test(alias))
    .sort();

/**
 * Every context under libs/ resolves the same way everywhere: the type-check
 * (tsconfig.json), the build the app runs from (.swcrc: a context missing
 * there type-checks and passes ts-jest, then `npm start` cannot find it) and
 * the tests (jest.config.js).
 */
describe('path aliases', () => {
  const contexts = readdirSync(join(root, 'libs'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `@lib/${d.name}`)
    .sort();

  it('name every context in tsconfig.json and .swcrc, to its index', () => {
    expect(libAliases(json('tsconfig.json').compilerOptions?.paths)).toEqual(contexts);
    const swc = json('.swcrc').jsc?.paths ?? {};
    expect(libAliases(swc)).toEqual(contexts);
    for (const alias of contexts) expect(swc[alias]).toEqual([`libs/${alias.slice('@lib/'.length)}/src/index.ts`]);
  });

  it('name every context in the jest mapper', () => {
    const config = readFileSync(join(root, 'jest.config.js'), 'utf8');
    const mapped = /'\^@lib\/\(([\w|-]+)\)\$'/.exec(config)?.[1]?.split('|').map((name) => `@lib/${name}`).sort();
    expect(mapped).toEqual(contexts);
  });
});
