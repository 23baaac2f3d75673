import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Args } from '../support/api-surface-shape';
import {
  type HttpRequest,
  type Reply,
  ROLE_TOO_LOW,
  type RouteSurface,
} from '../support/api-replies';
import { ROUTES } from '../support/api-routes';
import { TABLES } from '../support/api-tables';
import { createTestApp } from '../support/app';
import { namesOf } from '../support/catalog-calls';
import {
  buildFixtures,
  closeAdmin,
  digest,
  type Fixtures,
  inParallel,
  METACHARACTERS,
  newcomer,
  rank,
  ROLES,
  type Space,
} from '../support/catalog-fixtures';
import type { TestUser } from '../support/users';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
interface Parameter {
  in: string;
  name: string;
  schema?: { type?: string; format?: string };
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
}
interface Schema {
  properties?: Record<
    string,
    { type?: string; format?: string; items?: { type?: string } }
  >;
}

/** One request of a route: who sends it, and the reply or the check of the answer expected. */
interface Attempt {
  label: string;
  caller: TestUser | null;
  request: HttpRequest;
  expected: Reply | ((answer: unknown) => Promise<void> | void);
}

const TABLE_SCOPES = Object.entries(TABLES).map(([name, t]) => ({
  name,
  workspace: t.workspace,
}));

/** `path.x`, `query.x` or `body.x` of a request, replaced. */
function withParam(request: HttpRequest, param: string, value: unknown) {
  const [where, name] = param.split('.') as ['path' | 'query' | 'body', string];
  return { ...request, [where]: { ...request[where], [name]: value } };
}
const paramOf = (request: HttpRequest, param: string): unknown => {
  const [where, name] = param.split('.') as ['path' | 'query' | 'body', string];
  return request[where]?.[name];
};

/**
 * Every route of the served OpenAPI document, declared in test/support/api-routes.ts, called
 * in-process as the API's clients call it: without a token, by a stranger, by each role below
 * its minimum, by another workspace's owner, with another workspace's object next to this
 * workspace's by a member of both, and with SQL and PostgREST metacharacters in every text
 * parameter. A refusal names its rule (status and detail) and writes nothing.
 */
describe('routes of the API, tried as everyone (test/support/api-routes.ts)', () => {
  let app: NestFastifyApplication;
  let fixtures: Fixtures;
  let served: Record<string, Record<string, Operation>>;
  let schemas: Record<string, Schema>;

  beforeAll(async () => {
    [app, fixtures] = await Promise.all([createTestApp(), buildFixtures()]);
    const doc = (
      await app.inject({ method: 'GET', url: '/api/docs-json' })
    ).json<{
      paths: typeof served;
      components: { schemas: typeof schemas };
    }>();
    served = doc.paths;
    schemas = doc.components.schemas;
  }, 60_000);

  afterAll(async () => {
    await app.close();
    await closeAdmin();
  });

  const snapshot = (extra: TestUser[] = []) =>
    digest(
      { ...fixtures, everyone: [...fixtures.everyone, ...extra] },
      TABLE_SCOPES,
    );

  const send = async (route: string, space: Space, attempt: Attempt) => {
    const [method, template] = route.split(' ') as [Method, string];
    const params: Record<string, string> = {
      workspaceId: space.id,
      ...attempt.request.path,
    };
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(params[name]),
    );
    const query = new URLSearchParams(
      Object.entries(attempt.request.query ?? {}).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    ).toString();
    return app.inject({
      method,
      url: `/api/v1${path}${query ? `?${query}` : ''}`,
      headers: attempt.caller?.headers ?? {},
      ...(attempt.request.body ? { payload: attempt.request.body } : {}),
    });
  };

  /** Null when the attempt went as declared, else what happened. */
  const tryOnce = async (route: string, attempt: Attempt) => {
    const res = await send(route, fixtures.a, attempt);
    const answer: unknown = res.body ? res.json() : null;
    const detail = (answer as { detail?: string } | null)?.detail;
    const { expected, label } = attempt;
    const got = `${res.statusCode} ${JSON.stringify(detail ?? res.body.slice(0, 120))}`;
    if (typeof expected !== 'function') {
      const named =
        typeof expected.detail === 'string'
          ? detail === expected.detail
          : expected.detail.test(detail ?? '');
      return res.statusCode === expected.status && named
        ? null
        : `${route}, ${label}: expected ${expected.status} ${String(expected.detail)}, got ${got}`;
    }
    if (res.statusCode >= 300)
      return `${route}, ${label}: expected an answer, got ${got}`;
    const leaked = namesOf(fixtures.b).filter((n) => res.body.includes(n));
    if (leaked.length > 0)
      return `${route}, ${label}: the answer names the other workspace's ${leaked.join(', ')}`;
    try {
      await expected(answer);
    } catch (failure) {
      return `${route}, ${label}: ${(failure as Error).message.replace(/\s+/g, ' ').slice(0, 300)}`;
    }
    return null;
  };

  it('declares every route it serves, and every parameter of each', () => {
    const undeclared: string[] = [];
    for (const [path, operations] of Object.entries(served))
      for (const [method, operation] of Object.entries(operations)) {
        const key = `${method.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}`;
        const surface = ROUTES[key];
        if (!surface) {
          undeclared.push(key);
          continue;
        }
        if (['public', 'stream'].includes(surface.minimum)) continue;
        const declared = new Set([
          ...Object.keys(surface.ids ?? {}),
          ...Object.keys(surface.texts ?? {}),
          ...(surface.others ?? []),
        ]);
        const ref =
          operation.requestBody?.content['application/json']?.schema.$ref;
        const body = Object.entries(
          schemas[ref?.split('/').at(-1) ?? '']?.properties ?? {},
        )
          .filter(([, p]) => p.type === 'string' || p.items?.type === 'string')
          .map(([name]) => `body.${name}`);
        const params = [
          ...(operation.parameters ?? [])
            .filter((p) => p.in !== 'header' && p.name !== 'workspaceId')
            .map((p) => `${p.in}.${p.name}`),
          ...body,
        ];
        for (const param of params)
          if (!declared.has(param)) undeclared.push(`${key} ${param}`);
        for (const param of declared)
          if (!params.includes(param))
            undeclared.push(`${key} ${param} is gone`);
      }
    const servedKeys = Object.entries(served).flatMap(([path, ops]) =>
      Object.keys(ops).map(
        (m) => `${m.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}`,
      ),
    );
    for (const key of Object.keys(ROUTES))
      if (!servedKeys.includes(key)) undeclared.push(`${key} is gone`);
    expect(undeclared).toEqual([]);
  });

  const tried = Object.entries(ROUTES).filter(
    ([, s]) => !['public', 'stream'].includes(s.minimum),
  );

  const minimumCaller = async (surface: RouteSurface) =>
    surface.minimum === 'signed-in'
      ? newcomer()
      : fixtures.a.users[surface.minimum as (typeof ROLES)[number]];

  const textAttempts = async (
    surface: RouteSurface,
    caller: TestUser,
    refused: boolean,
  ): Promise<Attempt[]> => {
    const attempts: Attempt[] = [];
    for (const [param, entry] of Object.entries(surface.texts ?? {})) {
      const { rule, without, value } =
        'rule' in entry
          ? entry
          : { rule: entry, without: [], value: undefined };
      if ((typeof rule !== 'function') !== refused) continue;
      for (const meta of METACHARACTERS) {
        const text = value ? value(meta) : meta;
        let base = await surface.request!(fixtures.a, caller);
        for (const dropped of without)
          base = withParam(base, dropped, undefined);
        const sent = Array.isArray(paramOf(base, param)) ? [text] : text;
        attempts.push({
          label: `${param} = ${JSON.stringify(text)}`,
          caller,
          request: withParam(base, param, sent),
          expected:
            typeof rule === 'function'
              ? (answer) => rule(answer, text, fixtures.a)
              : rule,
        });
      }
    }
    return attempts;
  };

  describe.each(tried.map(([route]) => route))('%s', (route) => {
    const surface = ROUTES[route];

    it('refuses whom and what it must, naming the rule, and writes nothing', async () => {
      const { a, b, bridge, stranger } = fixtures;
      const request = surface.request!;
      const attempts: Attempt[] = [
        {
          label: 'without a token',
          caller: null,
          request: await request(a, stranger),
          expected: {
            status: 401,
            detail: 'A bearer access token is required.',
          },
        },
      ];
      if (surface.notFound)
        attempts.push(
          {
            label: 'a stranger',
            caller: stranger,
            request: await request(a, stranger),
            expected: surface.notFound,
          },
          {
            label: "another workspace's owner",
            caller: b.users.owner,
            request: await request(a, b.users.owner),
            expected: surface.notFound,
          },
        );
      if (surface.minimum !== 'signed-in')
        for (const role of ROLES.filter(
          (r) => rank(r) < rank(surface.minimum as (typeof ROLES)[number]),
        ))
          attempts.push({
            label: `a ${role}`,
            caller: a.users[role],
            request: await request(a, a.users[role]),
            expected: surface.tooLow ?? ROLE_TOO_LOW,
          });
      for (const [param, rule] of Object.entries(surface.ids ?? {})) {
        const theirs = paramOf(await request(b, bridge), param);
        attempts.push({
          label: `${param} of the other workspace, by a member of both`,
          caller: bridge,
          request: withParam(await request(a, bridge), param, theirs),
          expected: rule === 'filter' ? () => undefined : rule,
        });
      }
      const caller =
        surface.minimum === 'signed-in'
          ? stranger
          : await minimumCaller(surface);
      attempts.push(...(await textAttempts(surface, caller, true)));

      const before = await snapshot();
      const failures = await inParallel(
        attempts.map((attempt) => () => tryOnce(route, attempt)),
      );
      expect(failures.filter(Boolean)).toEqual([]);
      expect(await snapshot()).toBe(before);
    });

    const takesText = Object.values(surface.texts ?? {}).some(
      (entry) => typeof ('rule' in entry ? entry.rule : entry) === 'function',
    );
    if (takesText)
      it('takes metacharacters in its text parameters as text', async () => {
        const caller = await minimumCaller(surface);
        const attempts = await textAttempts(surface, caller, false);
        const failures = await inParallel(
          attempts.map((attempt) => () => tryOnce(route, attempt)),
        );
        expect(failures.filter(Boolean)).toEqual([]);
      });

    it(`answers its minimum role (${surface.minimum})`, async () => {
      const caller = await minimumCaller(surface);
      const request = await surface.request!(fixtures.a, caller);
      const before = await snapshot([caller]);
      const failure = await tryOnce(route, {
        label: 'at the minimum role',
        caller,
        request,
        expected: (answer: unknown) => void (answer as Args | null),
      });
      expect(failure).toBeNull();
      expect((await snapshot([caller])) !== before).toBe(surface.writes);
    });
  });
});
