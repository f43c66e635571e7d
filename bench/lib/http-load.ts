import { Agent, ClientRequest, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Histogram } from './histogram';

/**
 * HTTP load on 127.0.0.1 with node:http and a keep-alive agent (no dependency; cheaper per
 * request than fetch, so the load generator takes less of the 2 cores from the server).
 *
 * - `openLoop`: an OPEN model. Request i is due at t0 + i / rate and is sent then, whatever the
 *   server is doing; its latency runs from that due time (not from when a socket was free), so a
 *   server that falls behind shows its queueing in the percentiles (no coordinated omission).
 *   Bounded: at most `maxInFlight` outstanding (the rest are dropped and counted), and whatever is
 *   still unanswered `drainMs` after the last send is aborted and counted.
 * - `closedLoop`: N clients, each sending its next request when the previous one answered;
 *   completions per 100 ms, to see a stall (a full second with nothing answered).
 */

export interface RequestSpec {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface Response {
  readonly status: number;
  /** The problem `code` of an error response, or the transport error's code. */
  readonly code: string | null;
  readonly body: string | null;
}

export class HttpClient {
  private readonly agent: Agent;

  constructor(
    private readonly port: number,
    maxSockets: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' });
  }

  /**
   * Sends one request. The body is kept when `keepBody` or the status is not 2xx (its `code`).
   * `onRequest` receives the request so the caller can abort it.
   */
  send(spec: RequestSpec, keepBody = false, onRequest?: (req: ClientRequest) => void): Promise<Response> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (r: Response) => {
        if (!settled) {
          settled = true;
          resolve(r);
        }
      };
      const headers: Record<string, string> = { ...spec.headers };
      if (spec.body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(Buffer.byteLength(spec.body));
      }
      const req = httpRequest({ agent: this.agent, host: '127.0.0.1', port: this.port, method: spec.method, path: spec.path, headers }, (res) => {
        const status = res.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        if (ok && !keepBody) {
          res.resume();
          res.on('end', () => done({ status, code: null, body: null }));
          res.on('error', () => done({ status: 0, code: 'RESPONSE_ERROR', body: null }));
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', () => done({ status: 0, code: 'RESPONSE_ERROR', body: null }));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          let code: string | null = null;
          if (!ok) {
            try {
              code = (JSON.parse(body) as { code?: string }).code ?? null;
            } catch {
              code = null;
            }
          }
          done({ status, code, body });
        });
      });
      req.on('error', (error: NodeJS.ErrnoException) => done({ status: 0, code: error.code ?? error.message, body: null }));
      onRequest?.(req);
      if (spec.body !== undefined) req.end(spec.body);
      else req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export function errorKey(r: Response): string {
  return r.status === 0 ? `network ${r.code ?? '?'}` : `${r.status} ${r.code ?? ''}`.trim();
}

export interface OpenLoopOptions {
  readonly rate: number;
  readonly durationMs: number;
  readonly maxInFlight: number;
  readonly drainMs: number;
  /** The i-th request; called at its due time. */
  readonly next: (i: number) => RequestSpec;
}

export interface LoadResult {
  /** Requests due (open loop) or sent (closed loop). */
  readonly offered: number;
  readonly ok: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly errorCount: number;
  /** Latency of the 2xx answers, in MICROseconds (the histogram's 32-bit range would cap ns at 4.3 s). */
  readonly latency: Histogram;
  /** From the first due time to the last answer (or to the end of the window, if later), ms. */
  readonly elapsedMs: number;
  /** ok / elapsed. */
  readonly okPerSec: number;
  readonly maxInFlight: number;
  /** 2xx answers per 100 ms from the start. */
  readonly perTick: readonly number[];
}

const TICK_MS = 100;

export async function openLoop(client: HttpClient, o: OpenLoopOptions): Promise<LoadResult> {
  const total = Math.round((o.rate * o.durationMs) / 1000);
  const interval = 1000 / o.rate;
  const latency = new Histogram();
  const errors: Record<string, number> = {};
  const perTick = new Array<number>(Math.ceil((o.durationMs + o.drainMs) / TICK_MS) + 2).fill(0);
  const outstanding = new Set<ClientRequest>();
  let inFlight = 0;
  let maxInFlight = 0;
  let ok = 0;
  let errorCount = 0;
  let lastAnswer = 0;
  let aborting = false;
  const fail = (key: string) => {
    errors[key] = (errors[key] ?? 0) + 1;
    errorCount++;
  };
  const t0 = performance.now() + 20;
  let sent = 0;
  let allAnswered: () => void = () => undefined;
  const answered = new Promise<void>((r) => (allAnswered = r));

  const fire = (i: number, due: number) => {
    if (inFlight >= o.maxInFlight) {
      fail(`dropped (>${o.maxInFlight} in flight)`);
      return;
    }
    inFlight++;
    if (inFlight > maxInFlight) maxInFlight = inFlight;
    let req: ClientRequest | undefined;
    void client
      .send(o.next(i), false, (r) => {
        req = r;
        outstanding.add(r);
      })
      .then((res) => {
        const now = performance.now();
        inFlight--;
        if (req) outstanding.delete(req);
        lastAnswer = now;
        if (res.status >= 200 && res.status < 300) {
          ok++;
          latency.record((now - due) * 1e3);
          const tick = Math.floor((now - t0) / TICK_MS);
          if (tick >= 0 && tick < perTick.length) perTick[tick]++;
        } else fail(aborting && res.status === 0 ? `aborted (no answer ${o.drainMs / 1000} s after the last send)` : errorKey(res));
        if (sent === total && inFlight === 0) allAnswered();
      });
  };

  await new Promise<void>((resolve) => {
    const pump = () => {
      const now = performance.now();
      while (sent < total && t0 + sent * interval <= now) {
        fire(sent, t0 + sent * interval);
        sent++;
      }
      if (sent < total) setTimeout(pump, 1);
      else resolve();
    };
    setTimeout(pump, Math.max(0, t0 - performance.now()));
  });
  if (inFlight === 0) allAnswered();
  let timedOut = false;
  await Promise.race([answered, new Promise<void>((r) => setTimeout(() => ((timedOut = true), r()), o.drainMs))]);
  if (timedOut && inFlight > 0) {
    aborting = true;
    for (const req of outstanding) req.destroy(new Error('bench drain timeout'));
    await Promise.race([answered, new Promise((r) => setTimeout(r, 2000))]);
  }
  const elapsedMs = Math.max(o.durationMs, lastAnswer - t0);
  return { offered: total, ok, errors, errorCount, latency, elapsedMs, okPerSec: (ok * 1000) / elapsedMs, maxInFlight, perTick };
}

export interface ClosedLoopOptions {
  readonly connections: number;
  readonly durationMs: number;
  readonly next: (i: number) => RequestSpec;
  /** Send at most this many requests (prepared ones): the run ends at the last answer, or at durationMs. */
  readonly limit?: number;
}

export async function closedLoop(client: HttpClient, o: ClosedLoopOptions): Promise<LoadResult> {
  const latency = new Histogram();
  const errors: Record<string, number> = {};
  const perTick = new Array<number>(Math.ceil(o.durationMs / TICK_MS) + 200).fill(0);
  let ok = 0;
  let errorCount = 0;
  let sent = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const t0 = performance.now();
  const end = t0 + o.durationMs;
  let lastAnswer = t0;
  const worker = async () => {
    while (performance.now() < end && (o.limit === undefined || sent < o.limit)) {
      const i = sent++;
      const start = performance.now();
      inFlight++;
      if (inFlight > maxInFlight) maxInFlight = inFlight;
      const res = await client.send(o.next(i));
      inFlight--;
      const now = performance.now();
      lastAnswer = now;
      if (res.status >= 200 && res.status < 300) {
        ok++;
        latency.record((now - start) * 1e3);
        const tick = Math.floor((now - t0) / TICK_MS);
        if (tick < perTick.length) perTick[tick]++;
      } else {
        const key = errorKey(res);
        errors[key] = (errors[key] ?? 0) + 1;
        errorCount++;
      }
    }
  };
  await Promise.all(Array.from({ length: o.connections }, worker));
  // With a limit the run may end before durationMs: its length is up to the last answer.
  const elapsedMs = o.limit !== undefined && sent >= o.limit ? lastAnswer - t0 : Math.max(o.durationMs, lastAnswer - t0);
  return { offered: sent, ok, errors, errorCount, latency, elapsedMs, okPerSec: (ok * 1000) / elapsedMs, maxInFlight, perTick: perTick.slice(0, Math.ceil(elapsedMs / TICK_MS)) };
}

/** The fewest 2xx answers in any full second (10 consecutive 100 ms ticks) of the timeline. */
export function minPerSecond(perTick: readonly number[]): number {
  const window = 1000 / TICK_MS;
  if (perTick.length < window) return perTick.reduce((a, b) => a + b, 0);
  let sum = 0;
  for (let i = 0; i < window; i++) sum += perTick[i]!;
  let min = sum;
  for (let i = window; i < perTick.length; i++) {
    sum += perTick[i]! - perTick[i - window]!;
    if (sum < min) min = sum;
  }
  return min;
}

/** The longest run of 100 ms ticks with no 2xx answer, ms. */
export function longestGapMs(perTick: readonly number[]): number {
  let longest = 0;
  let run = 0;
  for (const n of perTick) {
    run = n === 0 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest * TICK_MS;
}
