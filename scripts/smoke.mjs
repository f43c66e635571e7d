// Smoke run of the embedded default, as a new user would start it:
// no DATABASE_URL, no REDIS_URL, nothing configured but a scratch DATA_DIR and port
// (so the market maker, the noise trader and the price feed run too).
// Checks: ready; register, login; SIGTERM under steady order load exits 0 within
// SHUTDOWN_TIMEOUT_MS, no client ever sees a 500, requests sent after the signal
// are refused (503 SHUTTING_DOWN with Connection: close and Retry-After, or the
// connection is refused once the socket is closed), the embedded PostgreSQL is
// gone; a second start on the same DATA_DIR keeps the data (every acknowledged
// order is there); a bad variable stops the boot with a message naming it.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dataDir = mkdtempSync(join(tmpdir(), 'exchange-smoke-'));
const port = process.env.SMOKE_PORT ?? '3999';
const base = `http://127.0.0.1:${port}`;
const SHUTDOWN_TIMEOUT_MS = 8000;
const LOAD_USERS = 6;
const LOAD_MS = 4000;
/** A request sent this long after the signal must never be served: the signal has been handled by then. */
const SIGNAL_GRACE_MS = 150;
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|REDIS_URL|PORT|DATA_DIR|NODE_ENV|JWT_|ADMIN_|LOG_|RATE_LIMIT_)/.test(k)),
);

// `npm start` builds, then execs node on the build: run the same build here once, then
// start node directly so the signal reaches the API at a known moment.
execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });

function start(extraEnv = {}) {
  const child = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
    env: { ...cleanEnv, PORT: port, HOST: '127.0.0.1', DATA_DIR: dataDir, SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS), ...(process.env.SMOKE_LOG_LEVEL ? { LOG_LEVEL: process.env.SMOKE_LOG_LEVEL } : {}), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.output = '';
  child.stdout.on('data', (d) => (child.output += d));
  child.stderr.on('data', (d) => (child.output += d));
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
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
    await sleep(250);
  }
  throw new Error(`not ready after ${timeoutMs} ms:\n${child.output}`);
}

async function call(method, path, { body, token, expected } = {}) {
  const headers = { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const res = await fetch(`${base}${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const json = await res.json().catch(() => undefined);
  if (expected !== undefined && res.status !== expected) throw new Error(`${method} ${path}: expected ${expected}, got ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function stopAndCheck(child, signal = 'SIGTERM') {
  const started = Date.now();
  child.kill(signal);
  const code = await child.exited;
  const ms = Date.now() - started;
  if (code !== 0) throw new Error(`exit code ${code} after ${signal} (${ms} ms): ${phases(child.output)}\n${tail(child.output)}`);
  if (ms > SHUTDOWN_TIMEOUT_MS) throw new Error(`shutdown took ${ms} ms (timeout ${SHUTDOWN_TIMEOUT_MS})`);
  return ms;
}

/** The server of DATA_DIR/pg, by the pid it wrote (absent once it stopped cleanly). */
function embeddedPostgresRunning() {
  let pid;
  try {
    pid = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Users placing IOC buys below the mark (each a durable write that leaves nothing resting) in a loop until told to stop. */
function orderLoad(users, price) {
  const stats = { acknowledged: [], statuses: new Map(), served500: [], servedAfterSignal: 0, refusedAfterSignal: 0, closeHeader: 0, retryAfter: 0, connectionErrors: 0, signalAt: undefined };
  let stopping = false;
  const loops = users.map(async (user, u) => {
    for (let n = 0; !stopping; n++) {
      const sentAt = Date.now();
      const afterSignal = stats.signalAt !== undefined && sentAt > stats.signalAt + SIGNAL_GRACE_MS;
      let res;
      try {
        res = await fetch(`${base}/api/v1/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${user.accessToken}` },
          body: JSON.stringify({ symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', quantity: '0.00100', price, clientOrderId: `smoke-${u}-${n}` }),
        });
      } catch {
        // Refused or reset: only once the API has closed its socket, after the signal.
        stats.connectionErrors += 1;
        if (stats.signalAt === undefined) throw new Error('connection error before the signal');
        if (afterSignal) stats.refusedAfterSignal += 1;
        await sleep(20);
        continue;
      }
      const body = await res.json().catch(() => undefined);
      stats.statuses.set(res.status, (stats.statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500 && res.status !== 503) stats.served500.push({ status: res.status, body });
      if (res.status === 201) {
        stats.acknowledged.push({ id: body.id, token: user.accessToken });
        if (afterSignal) stats.servedAfterSignal += 1;
      } else if (res.status === 503 && body?.code === 'SHUTTING_DOWN') {
        if (afterSignal) stats.refusedAfterSignal += 1;
        if (res.headers.get('connection') === 'close') stats.closeHeader += 1;
        if (res.headers.get('retry-after')) stats.retryAfter += 1;
      } else if (afterSignal) {
        stats.servedAfterSignal += 1;
      }
    }
  });
  return {
    stats,
    stop: async () => {
      stopping = true;
      await Promise.all(loops);
    },
  };
}

/** The shutdown's log lines (JSON): message and milliseconds since the signal. */
function phases(output) {
  const lines = output.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  const at = lines.find((l) => l.msg === 'shutting down')?.time;
  if (!at) return 'no shutdown log';
  return lines
    .filter((l) => Date.parse(l.time) >= Date.parse(at) && (l.level !== 'debug' || process.env.SMOKE_LOG_LEVEL) && l.msg !== 'request completed')
    .map((l) => `${Date.parse(l.time) - Date.parse(at)} ms ${l.context ? `[${l.context}] ` : ''}${l.msg}`)
    .join('; ');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tail = (text) =>
  text
    .split('\n')
    .filter((l) => !l.includes('"request completed"'))
    .slice(-40)
    .join('\n');
const step = (m) => console.log(`smoke: ${m}`);
let app;
let load;
try {
  const email = `smoke-${Date.now()}@example.com`;
  const password = 'smoke test passphrase';

  // The embedded default, but for the per-user order budget (10/s): with it, 6 users would place only
  // 60 orders a second and the signal would find the order batches idle; the shutdown is tried under
  // the load the lanes can take.
  app = start({ RATE_LIMIT_ORDERS: '0' });
  await waitReady(app);
  step('ready on the embedded default (order rate limit off)');
  const registered = await call('POST', '/api/v1/auth/register', { body: { email, password, name: 'Smoke' }, expected: 201 });
  await call('GET', '/api/v1/auth/me', { token: registered.accessToken, expected: 200 });
  await call('POST', '/api/v1/auth/login', { body: { email, password }, expected: 200 });
  step('registered and logged in');

  const users = [];
  for (let i = 0; i < LOAD_USERS; i++) {
    const user = await call('POST', '/api/v1/auth/register', { body: { email: `smoke-load-${i}-${Date.now()}@example.com`, password, name: 'Load' }, expected: 201 });
    await call('POST', '/api/v1/wallet/deposits', { body: { asset: 'USDT', amount: '100000' }, token: user.accessToken, expected: 201 });
    users.push(user);
  }
  let mark;
  for (let waited = 0; mark === undefined && waited < 30_000; waited += 250) {
    const res = await fetch(`${base}/api/v1/markets/BTC-USDT/mark-price`);
    if (res.ok) mark = (await res.json()).mark;
    else await sleep(250);
  }
  if (mark === undefined) throw new Error('no mark price for BTC-USDT after 30 s');
  // 1% under the mark, on the 0.1 tick: an IOC buy that finds no ask and expires.
  const price = `${Math.floor(Number(mark) * 0.99)}.0`;
  load = orderLoad(users, price);
  await sleep(LOAD_MS);
  const beforeSignal = load.stats.acknowledged.length;
  load.stats.signalAt = Date.now();
  const shutdownMs = await stopAndCheck(app, 'SIGTERM');
  await load.stop();
  const s = load.stats;
  step(`${LOAD_USERS} users placed ${beforeSignal} orders in ${LOAD_MS} ms, then SIGTERM: exit 0 in ${shutdownMs} ms`);
  step(`  statuses ${JSON.stringify(Object.fromEntries(s.statuses))}, connection errors after the signal ${s.connectionErrors}`);
  step(`  shutdown phases: ${phases(app.output)}`);
  if (s.served500.length > 0) throw new Error(`${s.served500.length} HTTP 5xx other than 503, e.g. ${JSON.stringify(s.served500[0])}`);
  if (s.servedAfterSignal > 0) throw new Error(`${s.servedAfterSignal} requests sent more than ${SIGNAL_GRACE_MS} ms after the signal were served`);
  if (s.refusedAfterSignal === 0) throw new Error('no request was refused after the signal (the load did not reach the shutdown)');
  if (s.closeHeader === 0 || s.retryAfter === 0) throw new Error(`503 SHUTTING_DOWN without Connection: close (${s.closeHeader}) or Retry-After (${s.retryAfter})`);
  step(`  no 500; every request after the signal refused (${s.refusedAfterSignal}), 503s carry Connection: close and Retry-After`);
  if (embeddedPostgresRunning()) throw new Error('embedded PostgreSQL still running after shutdown');
  step('embedded PostgreSQL stopped');

  app = start();
  await waitReady(app);
  await call('POST', '/api/v1/auth/login', { body: { email, password }, expected: 200 });
  for (const { id, token } of s.acknowledged) await call('GET', `/api/v1/orders/${id}`, { token, expected: 200 });
  step(`restarted on the same DATA_DIR: the account and all ${s.acknowledged.length} acknowledged orders are there`);
  step(`SIGINT: exit 0 in ${await stopAndCheck(app, 'SIGINT')} ms`);

  const bad = start({ PORT: 'not-a-port' });
  const code = await bad.exited;
  if (code === 0 || !bad.output.includes('PORT')) throw new Error(`bad PORT: exit ${code}, output:\n${bad.output}`);
  step('bad configuration refused with a message naming the variable');
  step('OK');
} catch (error) {
  console.error(`smoke: FAILED: ${error.message}`);
  process.exitCode = 1;
} finally {
  await load?.stop();
  if (app?.exitCode === null && app.signalCode === null) {
    app.kill('SIGKILL');
    await app.exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
}
