import { readFileSync } from 'node:fs';

/** A V8 .cpuprofile, the parts we read. */
interface CpuProfile {
  readonly nodes: readonly { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** Self time by area: a package under node_modules, a context under libs/, apps/api, node internals, GC, idle. */
  readonly byArea: readonly { area: string; ms: number; pct: number }[];
  /** The functions with the most self time. */
  readonly topFunctions: readonly { fn: string; where: string; ms: number; pct: number }[];
}

function areaOf(url: string, fn: string): string {
  if (url === '') {
    if (fn === '(idle)' || fn === '(program)' || fn === '(garbage collector)') return fn;
    return '(native)';
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url.replace(/^.*node_modules\/\.cache\/bench-app\//, 'APP/'));
  if (url.includes('/bench-app/')) {
    const rest = url.slice(url.indexOf('/bench-app/') + '/bench-app/'.length);
    const lib = /^libs\/([^/]+)\//.exec(rest);
    if (lib) return `libs/${lib[1]}`;
    if (rest.startsWith('apps/')) return 'apps/api';
  }
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node internals';
  return url;
}

function shortWhere(url: string, line: number): string {
  const trimmed = url.replace(/^.*node_modules\/\.cache\/bench-app\//, '').replace(/^.*node_modules\//, '').replace(/^file:\/\//, '');
  return url === '' ? '' : `${trimmed}:${line + 1}`;
}

/** Self time per function and per area of a .cpuprofile file. */
export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const samples = profile.samples?.length ?? profile.nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0);
  const msPerSample = samples > 0 ? totalMs / samples : 0;
  const hits = new Map<number, number>();
  if (profile.samples) for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  else for (const n of profile.nodes) hits.set(n.id, n.hitCount ?? 0);
  const areas = new Map<string, number>();
  const fns = new Map<string, { fn: string; where: string; ms: number }>();
  for (const node of profile.nodes) {
    const count = hits.get(node.id) ?? 0;
    if (count === 0) continue;
    const ms = count * msPerSample;
    const { functionName, url, lineNumber } = node.callFrame;
    const fn = functionName || '(anonymous)';
    const area = areaOf(url, fn);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const key = `${fn}|${url}|${lineNumber}`;
    const entry = fns.get(key) ?? { fn, where: shortWhere(url, lineNumber), ms: 0 };
    entry.ms += ms;
    fns.set(key, entry);
  }
  const pct = (ms: number) => (totalMs > 0 ? (100 * ms) / totalMs : 0);
  return {
    totalMs,
    byArea: [...areas.entries()].sort((a, b) => b[1] - a[1]).map(([area, ms]) => ({ area, ms, pct: pct(ms) })),
    topFunctions: [...fns.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((f) => ({ ...f, pct: pct(f.ms) })),
  };
}
