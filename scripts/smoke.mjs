// Smoke run of the embedded default, as a new user would start it:
// no DATABASE_URL, no REDIS_URL, nothing configured but a scratch DATA_DIR and port.
// Checks: ready, register, login, SIGTERM exits 0 and stops PostgreSQL, data
// survives a restart, and a bad variable stops the boot with a message naming it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dataDir = mkdtempSync(join(tmpdir(), 'exchange-smoke-'));
const port = process.env.SMOKE_PORT ?? '3999';
const base = `http://127.0.0.1:${port}`;
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|REDIS_URL|PORT|DATA_DIR|NODE_ENV|JWT_|ADMIN_)/.test(k)),
);

function start(extraEnv = {}) {
  const child = spawn('npm', ['start', '--silent'], {
    env: { ...cleanEnv, PORT: port, DATA_DIR: dataDir, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.output = '';
  child.stdout.on('data', (d) => (child.output += d));
  child.stderr.on('data', (d) => (child.output += d));
  child.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  return child;
}

async function waitReady(child, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/api/health/ready`);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null) throw new Error(`app exited early (${child.exitCode}):\n${child.output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not ready after ${timeoutMs} ms:\n${child.output}`);
}

async function post(path, body, expected) {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (res.status !== expected) throw new Error(`${path}: expected ${expected}, got ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function stop(child) {
  const started = Date.now();
  child.kill('SIGTERM');
  const code = await child.exited;
  const ms = Date.now() - started;
  if (code !== 0) throw new Error(`exit code ${code} after SIGTERM:\n${child.output}`);
  if (ms > 10_000) throw new Error(`shutdown took ${ms} ms`);
  return ms;
}

function embeddedPostgresRunning() {
  return new Promise((resolve) => {
    const ps = spawn('pgrep', ['-f', `${dataDir}/pg`]);
    ps.on('exit', (code) => resolve(code === 0));
  });
}

const step = (m) => console.log(`smoke: ${m}`);
try {
  const email = `smoke-${Date.now()}@example.com`;
  const password = 'smoke test passphrase';

  let app = start();
  await waitReady(app);
  step('ready on the embedded default');
  const registered = await post('/api/v1/auth/register', { email, password, name: 'Smoke' }, 201);
  const me = await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${registered.accessToken}` } });
  if (me.status !== 200) throw new Error(`/me: ${me.status}`);
  await post('/api/v1/auth/login', { email, password }, 200);
  step('registered and logged in');
  step(`SIGTERM: exit 0 in ${await stop(app)} ms`);
  if (await embeddedPostgresRunning()) throw new Error('embedded PostgreSQL still running after shutdown');
  step('embedded PostgreSQL stopped');

  app = start();
  await waitReady(app);
  await post('/api/v1/auth/login', { email, password }, 200);
  step('restarted: the account survived');
  await stop(app);

  const bad = start({ PORT: 'not-a-port' });
  const code = await bad.exited;
  if (code === 0 || !bad.output.includes('PORT')) throw new Error(`bad PORT: exit ${code}, output:\n${bad.output}`);
  step('bad configuration refused with a message naming the variable');
  step('OK');
} catch (error) {
  console.error(`smoke: FAILED: ${error.message}`);
  process.exitCode = 1;
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
