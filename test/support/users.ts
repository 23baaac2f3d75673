import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { createUser } from './database';
import { accessTokenFor } from './tokens';

/** A signed-in user of the API: a row in auth.users and a valid access token. */
export interface TestUser {
  id: string;
  token: string;
  headers: { authorization: string };
}

export async function signedInUser(): Promise<TestUser> {
  const user = await createUser();
  const token = await accessTokenFor(user.id);
  return { id: user.id, token, headers: { authorization: `Bearer ${token}` } };
}

/** A customer body nobody else's test uses. */
export function customerInput(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const tag = randomUUID().slice(0, 8);
  return {
    name: `Customer ${tag}`,
    email: `c-${tag}@example.test`,
    ...overrides,
  };
}

/** Thin request helpers over Fastify's in-process inject. */
export function apiAs(app: NestFastifyApplication, user?: TestUser) {
  const headers = user?.headers ?? {};
  return {
    get: (url: string) => app.inject({ method: 'GET', url, headers }),
    post: (url: string, body?: unknown) =>
      app.inject({ method: 'POST', url, headers, payload: body as object }),
    patch: (url: string, body: unknown) =>
      app.inject({ method: 'PATCH', url, headers, payload: body as object }),
    delete: (url: string) => app.inject({ method: 'DELETE', url, headers }),
  };
}
