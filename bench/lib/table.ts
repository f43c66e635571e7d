import { ResultRow } from './types';

function cell(v: number | string | boolean | null): string {
  if (v === null) return '-';
  if (typeof v === 'boolean') return v ? 'PASS' : 'FAIL';
  if (typeof v === 'string') return v;
  if (Number.isInteger(v) && Math.abs(v) >= 1000) return v.toLocaleString('en-US');
  if (Math.abs(v) >= 100) return v.toFixed(0);
  return v.toFixed(2);
}

export function renderTable(rows: readonly ResultRow[]): string {
  const header = ['scenario', 'metric', 'ours', 'reference', 'ratio', 'target', 'pass'];
  const body = rows.map((r) => [r.scenario, r.metric, cell(r.ours), cell(r.reference), r.ratio === null ? '-' : `${r.ratio.toFixed(2)}x`, r.target, cell(r.pass)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cols: string[]) => cols.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
