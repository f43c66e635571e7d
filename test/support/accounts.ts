import { randomUUID } from 'node:crypto';
import request from 'supertest';

export const PASSWORD = 'correct horse battery staple';

export interface Account {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly accessToken: string;
  readonly refreshToken: string;
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomUUID()}@example.com`;
}

export async function register(url: string, overrides: Partial<{ email: string; password: string; name: string }> = {}): Promise<Account> {
  const body = { email: uniqueEmail(), password: PASSWORD, name: 'Test User', ...overrides };
  const response = await request(url).post('/api/v1/auth/register').send(body).expect(201);
  return {
    id: response.body.user.id,
    email: response.body.user.email,
    password: body.password,
    accessToken: response.body.accessToken,
    refreshToken: response.body.refreshToken,
  };
}

export async function login(url: string, email: string, password: string): Promise<Account> {
  const response = await request(url).post('/api/v1/auth/login').send({ email, password }).expect(200);
  return {
    id: response.body.user.id,
    email: response.body.user.email,
    password,
    accessToken: response.body.accessToken,
    refreshToken: response.body.refreshToken,
  };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
