// @ts-check
import { dirname, relative, resolve, sep } from 'node:path';

/**
 * The rules of the house (docs/ARCHITECTURE.md), checked on every import:
 * - a lib is used by others only through its index: `@lib/<name>`, never `@lib/<name>/...`;
 * - a relative import never leaves its own lib (or app);
 * - libs never import apps;
 * - `domain/` imports only the kernel and its own domain files;
 * - the kernel imports nothing but Node built-ins and itself;
 * - only tests import the test harness (`@test/<file>`, test/support): a medium test
 *   (`*.int-spec.ts`) beside a repository opens the run's database through it.
 */
const root = resolve(import.meta.dirname, '../..');

function locate(file) {
  const rel = relative(root, file).split(sep).join('/');
  const lib = /^libs\/([^/]+)\/src\/(.*)$/.exec(rel);
  if (lib) return { kind: 'lib', name: lib[1], inDomain: lib[2].startsWith('domain/'), rel };
  const app = /^apps\/([^/]+)\/src\//.exec(rel);
  if (app) return { kind: 'app', name: app[1], inDomain: false, rel };
  return { kind: 'other', name: '', inDomain: false, rel };
}

function problemFor(file, source) {
  const from = locate(file);
  if (from.kind === 'other') return undefined;
  if (source.startsWith('.')) {
    const target = locate(resolve(dirname(file), source));
    if (target.kind !== from.kind || target.name !== from.name) return `relative import "${source}" leaves ${from.kind}s/${from.name}: import the other context through its index (@lib/<name>)`;
    if (from.inDomain && !target.inDomain) return `domain/ must not import "${source}" (outside domain/): the domain depends only on the kernel`;
    return undefined;
  }
  if (/^(apps\/|@app\/)/.test(source) || source.includes('/apps/')) return 'libs and apps never import apps/**';
  if (source.startsWith('@test/') && !/\.(spec|int-spec)\.ts$/.test(from.rel)) return `"${source}" is the test harness: only spec files import it`;
  const alias = /^@lib\/([^/]+)(\/.*)?$/.exec(source);
  if (alias) {
    if (alias[2] === '/testing' && /\.(spec|int-spec)\.ts$/.test(from.rel)) return undefined;
    if (alias[2] === '/testing') return `"${source}" is a lib's test harness: only spec files import it`;
    if (alias[2]) return `"${source}" reaches into a lib: use its public index "@lib/${alias[1]}"`;
    if (from.inDomain && alias[1] !== 'kernel') return `domain/ may import only @lib/kernel, not "${source}"`;
    if (from.kind === 'lib' && from.name === 'kernel') return 'the kernel imports no other lib';
    return undefined;
  }
  const isTest = from.rel.endsWith('.spec.ts');
  if (!isTest && (from.inDomain || (from.kind === 'lib' && from.name === 'kernel'))) {
    if (!source.startsWith('node:')) return `"${source}": the ${from.inDomain ? 'domain' : 'kernel'} is pure TypeScript (no frameworks or packages)`;
  }
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: { type: 'problem', docs: { description: 'Enforce module boundaries between apps, libs and layers' }, schema: [] },
  create(context) {
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string') return;
      const message = problemFor(context.filename, source);
      if (message) context.report({ node, message });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

export default { rules: { 'module-boundaries': rule } };
