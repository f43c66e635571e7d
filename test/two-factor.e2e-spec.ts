import request from 'supertest';
import { bearer, login, register } from './support/accounts';
import { TestApp, startTestApp } from './support/test-app';
import { Authenticator, base32Decode, totpAt } from './support/totp';
import { deposit } from './support/wallet';

// A step-up may wait for the next 30-second code.
jest.setTimeout(120_000);

/** Issue 18: TOTP enrollment, login with a second factor, step-up, replay, recovery codes, guess limits. */
describe('two-factor authentication (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (path: string, token?: string) => {
    const r = request(t.url).post(path);
    return token ? r.set(bearer(token)) : r;
  };

  async function enroll(token: string): Promise<{ app: Authenticator; recoveryCodes: string[] }> {
    const setup = await post('/api/v1/auth/2fa/setup', token).expect(201);
    const uri = new URL(setup.body.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(setup.body.secret);
    expect(base32Decode(setup.body.secret)).toHaveLength(20);
    expect(setup.body.qrCodePng).toMatch(/^data:image\/png;base64,/);
    const app = new Authenticator(setup.body.secret);
    const confirmed = await post('/api/v1/auth/2fa/confirm', token).send({ code: await app.nextCode() }).expect(200);
    return { app, recoveryCodes: confirmed.body.recoveryCodes };
  }

  it('enrolls, then logs in with a code; a replayed code and a withdrawal without a code are refused', async () => {
    const alice = await register(t.url);
    expect((await request(t.url).get('/api/v1/auth/2fa').set(bearer(alice.accessToken)).expect(200)).body).toEqual({ enabled: false, pending: false, enabledAt: null, recoveryCodesLeft: 0 });

    const setup = await post('/api/v1/auth/2fa/setup', alice.accessToken).expect(201);
    const wrong = totpAt(setup.body.secret, Math.floor(Date.now() / 30_000) + 10);
    const refused = await post('/api/v1/auth/2fa/confirm', alice.accessToken).send({ code: wrong }).expect(403);
    expect(refused.body.code).toBe('TWO_FACTOR_CODE_INVALID');
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);

    const { app, recoveryCodes } = await enroll(alice.accessToken);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const status = (await request(t.url).get('/api/v1/auth/2fa').set(bearer(alice.accessToken)).expect(200)).body;
    expect(status).toMatchObject({ enabled: true, pending: false, recoveryCodesLeft: 10 });
    expect((await post('/api/v1/auth/2fa/setup', alice.accessToken).expect(409)).body.code).toBe('TWO_FACTOR_ALREADY_ENABLED');

    // The password alone opens no session.
    const first = await post('/api/v1/auth/login').send({ email: alice.email, password: alice.password }).expect(200);
    expect(first.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String), expiresIn: 300 });
    expect(first.body.accessToken).toBeUndefined();

    const code = await app.nextCode();
    const done = await post('/api/v1/auth/login/mfa').send({ mfaToken: first.body.mfaToken, code }).expect(200);
    expect(done.body).toMatchObject({ tokenType: 'Bearer', user: { email: alice.email } });
    await request(t.url).get('/api/v1/auth/me').set(bearer(done.body.accessToken)).expect(200);

    // The same code on a new login: refused as a replay. The used mfaToken: refused.
    const second = await post('/api/v1/auth/login').send({ email: alice.email, password: alice.password }).expect(200);
    expect((await post('/api/v1/auth/login/mfa').send({ mfaToken: second.body.mfaToken, code }).expect(403)).body.code).toBe('TWO_FACTOR_CODE_REPLAYED');
    // (The token is checked before the code.)
    expect((await post('/api/v1/auth/login/mfa').send({ mfaToken: first.body.mfaToken, code }).expect(401)).body.code).toBe('MFA_TOKEN_INVALID');

    // Step-up: a withdrawal needs a code; with a fresh one it goes through.
    const token = done.body.accessToken as string;
    await deposit(t.url, token, 'USDT', '100');
    const withdrawal = { asset: 'USDT', amount: '10', address: 'sim:two-factor' };
    expect((await post('/api/v1/wallet/withdrawals', token).send(withdrawal).expect(403)).body.code).toBe('TWO_FACTOR_REQUIRED');
    expect((await post('/api/v1/wallet/withdrawals', token).set('X-2FA-Code', '000000').send(withdrawal).expect(403)).body.code).toMatch(/TWO_FACTOR_CODE_(INVALID|REPLAYED)/);
    const paid = await post('/api/v1/wallet/withdrawals', token).set('X-2FA-Code', await app.nextCode()).send(withdrawal).expect(201);
    expect(paid.body).toMatchObject({ status: 'PENDING' });

    // Removal with a recovery code (lost device).
    await request(t.url).delete('/api/v1/auth/2fa').set(bearer(token)).send({ recoveryCode: recoveryCodes[0] }).expect(200);
    // 2FA off: the password alone logs in again, and withdrawals need no code.
    await login(t.url, alice.email, alice.password);
    await post('/api/v1/wallet/withdrawals', token).send(withdrawal).expect(201);
  });

  it('asks API key creation for a code; removing 2FA revokes the keys that can withdraw, not the others', async () => {
    const frank = await register(t.url);
    // Without 2FA a key needs no code.
    await post('/api/v1/api-keys', frank.accessToken).send({ label: 'reader', scheme: 'HMAC', permissions: ['READ'] }).expect(201);
    const { app, recoveryCodes } = await enroll(frank.accessToken);

    const keyBody = { label: 'bot', scheme: 'HMAC', permissions: ['READ', 'TRADE', 'WITHDRAW'] };
    expect((await post('/api/v1/api-keys', frank.accessToken).send(keyBody).expect(403)).body.code).toBe('TWO_FACTOR_REQUIRED');
    await post('/api/v1/api-keys', frank.accessToken).set('X-2FA-Code', await app.nextCode()).send(keyBody).expect(201);

    const removed = await request(t.url).delete('/api/v1/auth/2fa').set(bearer(frank.accessToken)).send({ recoveryCode: recoveryCodes[0] }).expect(200);
    expect(removed.body.revokedApiKeys).toHaveLength(1);
    const keys = (await request(t.url).get('/api/v1/api-keys').set(bearer(frank.accessToken)).expect(200)).body;
    expect(keys.map((k: { label: string }) => k.label)).toEqual(['reader']);
  });

  it('logs in with a recovery code once; the code counts down', async () => {
    const bob = await register(t.url);
    const { recoveryCodes } = await enroll(bob.accessToken);

    const challenge = async (): Promise<string> => (await post('/api/v1/auth/login').send({ email: bob.email, password: bob.password }).expect(200)).body.mfaToken;
    const spaced = recoveryCodes[3]!.toUpperCase().replace('-', ' ');
    const tokens = await post('/api/v1/auth/login/mfa').send({ mfaToken: await challenge(), recoveryCode: spaced }).expect(200);
    expect((await request(t.url).get('/api/v1/auth/2fa').set(bearer(tokens.body.accessToken)).expect(200)).body.recoveryCodesLeft).toBe(9);

    expect((await post('/api/v1/auth/login/mfa').send({ mfaToken: await challenge(), recoveryCode: recoveryCodes[3] }).expect(403)).body.code).toBe('TWO_FACTOR_CODE_INVALID');
  });

  it('accepts one code once when two logins race with it', async () => {
    const carol = await register(t.url);
    const { app } = await enroll(carol.accessToken);
    const challenges = await Promise.all(
      [1, 2].map(async () => (await post('/api/v1/auth/login').send({ email: carol.email, password: carol.password }).expect(200)).body.mfaToken as string),
    );

    const code = await app.nextCode();
    const answers = await Promise.all(challenges.map((mfaToken) => post('/api/v1/auth/login/mfa').send({ mfaToken, code })));

    expect(answers.map((a) => a.status).sort()).toEqual([200, 403]);
    expect(answers.find((a) => a.status === 403)?.body.code).toBe('TWO_FACTOR_CODE_REPLAYED');
  });

  it('limits wrong codes per account like passwords: 429 with Retry-After, even for the right code', async () => {
    const dave = await register(t.url);
    const { app } = await enroll(dave.accessToken);
    const mfaToken = (await post('/api/v1/auth/login').send({ email: dave.email, password: dave.password }).expect(200)).body.mfaToken;

    for (let i = 0; i < 5; i += 1) {
      expect((await post('/api/v1/auth/login/mfa').send({ mfaToken, code: String(100000 + i) }).expect(403)).body.code).toBe('TWO_FACTOR_CODE_INVALID');
    }
    const blocked = await post('/api/v1/auth/login/mfa').send({ mfaToken, code: await app.nextCode() }).expect(429);
    expect(blocked.body.code).toBe('TOO_MANY_TWO_FACTOR_ATTEMPTS');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses bad input with a problem, never a 500', async () => {
    const erin = await register(t.url);
    expect((await post('/api/v1/auth/2fa/confirm', erin.accessToken).send({ code: '12ab56' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await post('/api/v1/auth/2fa/confirm', erin.accessToken).send({ code: '123456' }).expect(409)).body.code).toBe('TWO_FACTOR_NOT_PENDING');
    expect((await request(t.url).delete('/api/v1/auth/2fa').set(bearer(erin.accessToken)).send({ code: '123456' }).expect(409)).body.code).toBe('TWO_FACTOR_NOT_ENABLED');
    expect((await post('/api/v1/auth/login/mfa').send({ mfaToken: 'x'.repeat(43), code: '123456' }).expect(401)).body.code).toBe('MFA_TOKEN_INVALID');
    await post('/api/v1/auth/2fa/setup').expect(401);
  });
});
