import { EventBus } from '@nestjs/cqrs';
import { ApiKeyPermission, AuthErrorCode, hashRecoveryCode } from '../../../domain';
import { FakeTotp, InMemoryApiKeys, aUser, authErrorOf, inMemoryAuth, testConfig } from '../../testing/in-memory-ports';
import { AuthTokens, ClientInfo } from '../../views';
import { LogInCommand } from '../log-in/log-in.command';
import { LogInHandler } from '../log-in/log-in.handler';
import { CompleteMfaLoginHandler } from './complete-mfa-login.handler';
import {
  CompleteMfaLoginCommand,
  ConfirmTwoFactorCommand,
  DisableTwoFactorCommand,
  GetTwoFactorStatusQuery,
  MfaChallengeView,
  SetUpTwoFactorCommand,
  VerifyTwoFactorCommand,
} from './two-factor.commands';
import { ConfirmTwoFactorHandler, DisableTwoFactorHandler, GetTwoFactorStatusHandler, SetUpTwoFactorHandler, VerifyTwoFactorHandler } from './two-factor.handlers';

const START = new Date('2030-01-01T00:00:00.000Z');
const PASSWORD = 'correct horse battery staple';
const CLIENT: ClientInfo = { ip: '203.0.113.7', userAgent: 'spec' };
const config = testConfig();
/** The code of the step `offset` steps from now (FakeTotp accepts one step of drift). */
const stepNow = (at: Date): number => Math.floor(at.getTime() / 30_000);

const fakesByHandlers = new WeakMap<object, ReturnType<typeof inMemoryAuth>>();
const fakesOf = (h: object): ReturnType<typeof inMemoryAuth> => fakesByHandlers.get(h)!;

function setup() {
  const fakes = inMemoryAuth(config, START);
  const { clock, users, twoFactor, totp, codes, tx, limiter, issuer, hasher, principals } = fakes;
  const keys = new InMemoryApiKeys();
  const alice = users.add(aUser(START, { passwordHash: `hashed:${PASSWORD}` }));
  const h = {
    setUp: new SetUpTwoFactorHandler(twoFactor, users, totp, clock),
    confirm: new ConfirmTwoFactorHandler(twoFactor, codes, tx.host, clock),
    disable: new DisableTwoFactorHandler(twoFactor, keys, codes, tx.host, clock, principals),
    verify: new VerifyTwoFactorHandler(twoFactor, codes),
    status: new GetTwoFactorStatusHandler(twoFactor),
    logIn: new LogInHandler(users, hasher, limiter, issuer, tx.host, clock, { publish: () => undefined } as unknown as EventBus, twoFactor),
    complete: new CompleteMfaLoginHandler(twoFactor, users, codes, issuer, tx.host, clock),
  };
  const code = (offset = 0): string => FakeTotp.codeFor(stepNow(clock.now()) + offset);
  /** Enrolled and confirmed with the current step's code; the clock then moves one step on. */
  const enroll = async (): Promise<string[]> => {
    await h.setUp.execute(new SetUpTwoFactorCommand(alice.id));
    const { recoveryCodes } = await h.confirm.execute(new ConfirmTwoFactorCommand(alice.id, code()));
    clock.advanceBy(30_000);
    return recoveryCodes;
  };
  fakesByHandlers.set(h, fakes);
  return { ...fakes, keys, alice, h, code, enroll };
}

describe('two-factor enrollment', () => {
  it('keeps a setup pending until a right code confirms it, then hands out ten recovery codes once', async () => {
    const { h, alice, twoFactor, code } = setup();

    const view = await h.setUp.execute(new SetUpTwoFactorCommand(alice.id));
    expect(view.secret).toBe('JBSWY3DPEHPK3PXP');
    expect(view.otpauthUri).toContain('alice@example.com');
    expect(view.qrCodePng.startsWith('data:image/png;base64,')).toBe(true);
    expect(await h.status.execute(new GetTwoFactorStatusQuery(alice.id))).toEqual({ enabled: false, pending: true, enabledAt: null, recoveryCodesLeft: 0 });

    const { recoveryCodes } = await h.confirm.execute(new ConfirmTwoFactorCommand(alice.id, code()));

    expect(recoveryCodes).toHaveLength(10);
    expect([...twoFactor.recovery.get(alice.id)!.keys()].sort()).toEqual(recoveryCodes.map(hashRecoveryCode).sort());
    expect(await h.status.execute(new GetTwoFactorStatusQuery(alice.id))).toEqual({ enabled: true, pending: false, enabledAt: START.toISOString(), recoveryCodesLeft: 10 });
    // The confirming code's step is used: it cannot log in or step up afterwards.
    expect(twoFactor.records.get(alice.id)?.lastUsedStep).toBe(stepNow(START));
  });

  it('refuses a wrong confirming code as a counted guess, and a confirm without setup', async () => {
    const { h, alice, limiter, code } = setup();
    expect((await authErrorOf(h.confirm.execute(new ConfirmTwoFactorCommand(alice.id, code())))).code).toBe(AuthErrorCode.TWO_FACTOR_NOT_PENDING);

    await h.setUp.execute(new SetUpTwoFactorCommand(alice.id));
    expect((await authErrorOf(h.confirm.execute(new ConfirmTwoFactorCommand(alice.id, code(5))))).code).toBe(AuthErrorCode.TWO_FACTOR_CODE_INVALID);
    expect(limiter.failures).toEqual([{ kind: 'two-factor', userId: alice.id }]);
  });

  it('refuses a new setup while 2FA is on (the enrolled device stays the one)', async () => {
    const { h, alice, enroll } = setup();
    await enroll();
    expect((await authErrorOf(h.setUp.execute(new SetUpTwoFactorCommand(alice.id))))).toMatchObject({ code: AuthErrorCode.TWO_FACTOR_ALREADY_ENABLED });
  });
});

describe('step-up (VerifyTwoFactorCommand)', () => {
  it('is a no-op without 2FA, even with no code', async () => {
    const { h, alice } = setup();
    await expect(h.verify.execute(new VerifyTwoFactorCommand(alice.id, null))).resolves.toBeUndefined();
  });

  it('needs a code with 2FA, accepts each step once, and refuses an older step as a replay', async () => {
    const { h, alice, code, limiter, enroll } = setup();
    await enroll();

    expect((await authErrorOf(h.verify.execute(new VerifyTwoFactorCommand(alice.id, null)))).code).toBe(AuthErrorCode.TWO_FACTOR_REQUIRED);
    await h.verify.execute(new VerifyTwoFactorCommand(alice.id, code()));
    expect((await authErrorOf(h.verify.execute(new VerifyTwoFactorCommand(alice.id, code())))).code).toBe(AuthErrorCode.TWO_FACTOR_CODE_REPLAYED);
    // The previous step is within the drift, but older than the one used.
    expect((await authErrorOf(h.verify.execute(new VerifyTwoFactorCommand(alice.id, code(-1))))).code).toBe(AuthErrorCode.TWO_FACTOR_CODE_REPLAYED);
    // A replay is no guess: not counted against the user.
    expect(limiter.failures).toEqual([]);
    // The next step passes.
    await h.verify.execute(new VerifyTwoFactorCommand(alice.id, code(1)));
  });

  it('refuses every code while the user is blocked, without judging it', async () => {
    const { h, alice, code, limiter, enroll } = setup();
    await enroll();
    limiter.retryAfter = 60;

    const error = await authErrorOf(h.verify.execute(new VerifyTwoFactorCommand(alice.id, code())));

    expect(error.code).toBe(AuthErrorCode.TOO_MANY_TWO_FACTOR_ATTEMPTS);
    expect(error.details).toEqual({ retryAfterSeconds: 60 });
  });

  it('does not take recovery codes (they are for login and removal)', async () => {
    const { h, alice, enroll } = setup();
    const [recovery] = await enroll();
    expect((await authErrorOf(h.verify.execute(new VerifyTwoFactorCommand(alice.id, recovery!)))).code).toBe(AuthErrorCode.TWO_FACTOR_CODE_INVALID);
  });
});

describe('removing 2FA', () => {
  it('with a recovery code: 2FA off, the keys that can withdraw revoked, the others kept', async () => {
    const { h, alice, keys, enroll } = setup();
    const [recovery] = await enroll();
    const key = (id: string, permissions: ApiKeyPermission[]) => ({ id, userId: alice.id, label: id, scheme: 'HMAC' as const, permissions, ipAllowlist: [], expiresAt: null, createdAt: START });
    keys.add(key('ak_trade', [ApiKeyPermission.READ, ApiKeyPermission.TRADE]));
    keys.add(key('ak_withdraw', [ApiKeyPermission.READ, ApiKeyPermission.WITHDRAW]));

    const { principals } = fakesOf(h);
    const invalidated: unknown[] = [];
    principals.onInvalidation((i) => invalidated.push(i));

    expect(await h.disable.execute(new DisableTwoFactorCommand(alice.id, { recoveryCode: recovery!.toUpperCase() }))).toEqual({ revokedApiKeys: ['ak_withdraw'] });
    // The revoked key leaves the key caches (here and, over the bus, elsewhere).
    expect(invalidated).toEqual([{ apiKeyId: 'ak_withdraw' }]);

    expect((await keys.ofUser(alice.id, false)).map((k) => k.id)).toEqual(['ak_trade']);
    expect((await h.status.execute(new GetTwoFactorStatusQuery(alice.id))).enabled).toBe(false);
    expect((await authErrorOf(h.disable.execute(new DisableTwoFactorCommand(alice.id, { recoveryCode: recovery! }))))).toMatchObject({ code: AuthErrorCode.TWO_FACTOR_NOT_ENABLED });
  });

  it('refuses without a proof, and with a wrong one', async () => {
    const { h, alice, enroll } = setup();
    await enroll();
    expect((await authErrorOf(h.disable.execute(new DisableTwoFactorCommand(alice.id, {})))).code).toBe(AuthErrorCode.TWO_FACTOR_REQUIRED);
    expect((await authErrorOf(h.disable.execute(new DisableTwoFactorCommand(alice.id, { recoveryCode: 'aaaaa-aaaaa' })))).code).toBe(AuthErrorCode.TWO_FACTOR_CODE_INVALID);
    expect((await h.status.execute(new GetTwoFactorStatusQuery(alice.id))).enabled).toBe(true);
  });
});

describe('login with 2FA', () => {
  it('answers a challenge instead of tokens; the code completes it once', async () => {
    const { h, code, sessions, enroll } = setup();
    await enroll();

    const challenge = (await h.logIn.execute(new LogInCommand('alice@example.com', PASSWORD, CLIENT))) as MfaChallengeView;
    expect(challenge).toMatchObject({ mfaRequired: true, expiresIn: 300 });
    expect(sessions.sessions.size).toBe(0);

    const tokens: AuthTokens = await h.complete.execute(new CompleteMfaLoginCommand(challenge.mfaToken, { code: code() }, CLIENT));
    expect(tokens.user.email).toBe('alice@example.com');
    expect(sessions.sessions.size).toBe(1);

    // The challenge is used: a second completion (with the next code) is refused.
    const again = await authErrorOf(h.complete.execute(new CompleteMfaLoginCommand(challenge.mfaToken, { code: code(1) }, CLIENT)));
    expect(again.code).toBe(AuthErrorCode.MFA_TOKEN_INVALID);
  });

  it('keeps the challenge after a wrong code, takes a recovery code once, and refuses an expired challenge', async () => {
    const { h, clock, enroll } = setup();
    const [recovery] = await enroll();
    const first = (await h.logIn.execute(new LogInCommand('alice@example.com', PASSWORD, CLIENT))) as MfaChallengeView;

    expect((await authErrorOf(h.complete.execute(new CompleteMfaLoginCommand(first.mfaToken, { code: '000000' }, CLIENT)))).code).toBe(AuthErrorCode.TWO_FACTOR_CODE_INVALID);
    await h.complete.execute(new CompleteMfaLoginCommand(first.mfaToken, { recoveryCode: recovery! }, CLIENT));

    const second = (await h.logIn.execute(new LogInCommand('alice@example.com', PASSWORD, CLIENT))) as MfaChallengeView;
    expect((await authErrorOf(h.complete.execute(new CompleteMfaLoginCommand(second.mfaToken, { recoveryCode: recovery! }, CLIENT)))).code).toBe(AuthErrorCode.TWO_FACTOR_CODE_INVALID);

    clock.advanceBy(300_001);
    expect((await authErrorOf(h.complete.execute(new CompleteMfaLoginCommand(second.mfaToken, { recoveryCode: 'x' }, CLIENT)))).code).toBe(AuthErrorCode.MFA_TOKEN_INVALID);
  });

  it('refuses an unknown mfaToken', async () => {
    const { h } = setup();
    expect((await authErrorOf(h.complete.execute(new CompleteMfaLoginCommand('nope', { code: '123456' }, CLIENT)))).code).toBe(AuthErrorCode.MFA_TOKEN_INVALID);
  });
});
