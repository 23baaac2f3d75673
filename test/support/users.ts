import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { createUser } from './database';
import { accessTokenFor } from './tokens';

/** A signed-in user of the API: a row in auth.users, its personal workspace, a valid token. */
export interface TestUser {
  id: string;
  email: string;
  token: string;
  headers: { authorization: string };
  /** The personal workspace every user has from sign-up. */
  workspaceId: string;
  /** Where that workspace's customers live. */
  customers: string;
}

/** A workspace's routes start here. */
export const ws = (workspaceId: string) => `/api/v1/workspaces/${workspaceId}`;

export const customersOf = (workspaceId: string) =>
  `${ws(workspaceId)}/customers`;

export async function signedInUser(email?: string): Promise<TestUser> {
  const user = await createUser(email);
  const token = await accessTokenFor(user.id, { email: user.email });
  return {
    ...user,
    token,
    headers: { authorization: `Bearer ${token}` },
    customers: customersOf(user.workspaceId),
  };
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

/** The detail of an answer's problem, or null when it has none (a 204 has no body): which rule refused. */
export function detailOf(res: { body: string; json: () => unknown }) {
  return res.body ? ((res.json() as { detail?: string }).detail ?? null) : null;
}
