#!/usr/bin/env node
/*
 * Disk growth of an idle default install: boots the built API (dist/) on a fresh embedded
 * PostgreSQL with the default bots, waits for a warm-up, then samples pg_database_size and the
 * per-table sizes and row counts for a window, and prints the growth extrapolated to a day.
 *
 *   npm run build && node bench/disk-growth.js [--minutes 10] [--warmup 60] [--dist dist] [--out file.json]
 *
 * Only 127.0.0.1 is used; the process it starts is stopped at the end (its DATA_DIR is removed).
 */
const { spawn } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { Client } = require('pg');

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const minutes = Number(args.minutes ?? 10);
const warmupSeconds = Number(args.warmup ?? 60);
const dist = resolve(args.dist ?? 'dist');
const pgPort = Number(args['pg-port'] ?? 54390 + Math.floor(Math.random() * 500));
const httpPort = Number(args.port ?? 3900 + Math.floor(Math.random() * 90));

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function sample(client) {
  const size = await client.query('SELECT pg_database_size(current_database())::bigint AS bytes');
  const tables = await client.query(
    `SELECT schemaname || '.' || relname AS name, n_live_tup::bigint AS live, n_tup_ins::bigint AS inserted,
            n_tup_del::bigint AS deleted, pg_total_relation_size(relid)::bigint AS bytes
       FROM pg_stat_user_tables`,
  );
  return {
    at: Date.now(),
    bytes: Number(size.rows[0].bytes),
    tables: Object.fromEntries(tables.rows.map((r) => [r.name, { live: Number(r.live), inserted: Number(r.inserted), deleted: Number(r.deleted), bytes: Number(r.bytes) }])),
  };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'disk-growth-'));
  const env = { ...process.env, DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), PORT: String(httpPort), HOST: '127.0.0.1', NODE_ENV: 'development', LOG_LEVEL: 'warn' };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'MARKET_SEED', 'MARKET_MAKER', 'NOISE_TRADER']) delete env[name];
  const api = spawn(process.execPath, [join(dist, 'apps/api/src/main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  let exited = false;
  api.on('exit', () => (exited = true));
  try {
    for (let i = 0; i < 120 && !exited; i++) {
      const ready = await fetch(`http://127.0.0.1:${httpPort}/api/health/ready`).then((r) => r.ok, () => false);
      if (ready) break;
      await sleep(1000);
    }
    if (exited) throw new Error('the API exited during boot');
    await sleep(warmupSeconds * 1000);
    const password = readFileSync(join(dataDir, 'pg-password'), 'utf8').trim();
    const client = new Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', password, database: 'exchange' });
    await client.connect();
    const samples = [await sample(client)];
    for (let m = 1; m <= minutes; m++) {
      await sleep(60_000);
      samples.push(await sample(client));
      const s = samples[samples.length - 1];
      process.stderr.write(`minute ${m}: ${(s.bytes / 1e6).toFixed(1)} MB\n`);
    }
    await client.end();
    const first = samples[0];
    const last = samples[samples.length - 1];
    const perDay = 86_400_000 / (last.at - first.at);
    const tables = Object.entries(last.tables)
      .map(([name, t]) => {
        const f = first.tables[name] ?? { live: 0, inserted: 0, deleted: 0, bytes: 0 };
        return { name, rowsInsertedPerDay: Math.round((t.inserted - f.inserted) * perDay), rowsDeletedPerDay: Math.round((t.deleted - f.deleted) * perDay), liveRows: t.live, mbPerDay: +(((t.bytes - f.bytes) * perDay) / 1e6).toFixed(1) };
      })
      .filter((t) => t.rowsInsertedPerDay > 0 || t.mbPerDay !== 0)
      .sort((a, b) => b.mbPerDay - a.mbPerDay);
    const report = {
      minutes: (last.at - first.at) / 60_000,
      databaseMbAtStart: +(first.bytes / 1e6).toFixed(1),
      databaseMbAtEnd: +(last.bytes / 1e6).toFixed(1),
      mbPerDay: +(((last.bytes - first.bytes) * perDay) / 1e6).toFixed(1),
      tables,
      series: samples.map((s) => ({ minute: +((s.at - first.at) / 60_000).toFixed(2), mb: +(s.bytes / 1e6).toFixed(2) })),
    };
    const text = JSON.stringify(report, null, 2);
    if (args.out) writeFileSync(args.out, text);
    process.stdout.write(text + '\n');
  } finally {
    api.kill('SIGTERM');
    for (let i = 0; i < 30 && !exited; i++) await sleep(500);
    if (!exited) api.kill('SIGKILL');
    await sleep(1000);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 1;
});
