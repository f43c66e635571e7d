import Fastify, { FastifyInstance } from 'fastify';
import { ShutdownGate } from './shutdown-gate';

describe('ShutdownGate', () => {
  let fastify: FastifyInstance;
  let gate: ShutdownGate;
  let release: () => void;

  beforeEach(async () => {
    gate = new ShutdownGate();
    fastify = Fastify();
    gate.install(fastify);
    fastify.get('/api/v1/slow', () => new Promise((resolve) => (release = () => resolve({ done: true }))));
    fastify.get('/api/v1/fast', () => ({ ok: true }));
    fastify.get('/api/health/ready', () => ({ status: 'error' }));
    await fastify.ready();
  });
  afterEach(() => fastify.close());

  it('admits requests until closed, then refuses new ones with 503 SHUTTING_DOWN, Retry-After and Connection: close', async () => {
    expect((await fastify.inject('/api/v1/fast')).statusCode).toBe(200);
    gate.close();
    const refused = await fastify.inject({ url: '/api/v1/fast?x=1', headers: { 'x-request-id': 'r-1' } });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers).toMatchObject({ 'retry-after': '1', connection: 'close', 'content-type': expect.stringContaining('application/problem+json') });
    expect(refused.json()).toEqual({
      type: 'urn:exchange:problem:SHUTTING_DOWN',
      title: 'Shutting down',
      status: 503,
      detail: 'This instance is shutting down; retry shortly',
      code: 'SHUTTING_DOWN',
      instance: '/api/v1/fast',
      requestId: expect.any(String),
      retryAfterSeconds: 1,
    });
    // Readiness still answers with its own report.
    expect((await fastify.inject('/api/health/ready')).json()).toEqual({ status: 'error' });
  });

  it('is drained only once every admitted request has been answered', async () => {
    const slow = fastify.inject('/api/v1/slow');
    await new Promise((resolve) => setImmediate(resolve));
    expect(gate.pending).toBe(1);
    gate.close();
    let drained = false;
    const draining = gate.drained().then(() => (drained = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(drained).toBe(false);
    release();
    expect((await slow).json()).toEqual({ done: true });
    await draining;
    expect(gate.pending).toBe(0);
  });

  it('is drained at once when nothing is in flight', async () => {
    gate.close();
    await expect(gate.drained()).resolves.toBeUndefined();
  });
});
