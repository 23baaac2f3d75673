import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { createTestApp } from './support/app';
import { signedInUser, type TestUser } from './support/users';

type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
};
interface Operation {
  parameters?: { name: string; in: 'query' | 'path'; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface OpenApi {
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const RUNS = 6000;

/** A query value as a client would send it (anything, even an object, ends up as text). */
const asText = (v: unknown) =>
  typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined');

/** Values a schema allows, sometimes at its edges. */
function validValue(schema: Schema, doc: OpenApi): fc.Arbitrary<unknown> {
  if (schema.$ref)
    return validValue(
      doc.components.schemas[schema.$ref.split('/').pop()!],
      doc,
    );
  if (schema.enum) return fc.constantFrom(...schema.enum);
  // Plain addresses: RFC 5322 allows far more than any CRM (or its validator) accepts.
  if (schema.format === 'email')
    return fc.stringMatching(/^[a-z0-9.]{1,20}@[a-z]{1,12}\.[a-z]{2,6}$/);
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'date-time') {
    return fc
      .date({
        min: new Date('2000-01-01'),
        max: new Date('2100-01-01'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
  }
  switch (schema.type) {
    case 'integer':
    case 'number':
      return fc.integer({
        min: schema.minimum ?? -1000,
        max: schema.maximum ?? 1000,
      });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.uniqueArray(validValue(schema.items ?? {}, doc), {
        maxLength: schema.maxItems ?? 5,
      });
    case 'object': {
      const props = Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, prop]) => [
          name,
          validValue(prop, doc),
        ]),
      );
      return fc.record(props, { requiredKeys: schema.required ?? [] });
    }
    default: {
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      const minLength = Math.max(1, schema.minLength ?? 0);
      return fc.string({
        minLength,
        maxLength: Math.max(minLength, Math.min(schema.maxLength ?? 60, 60)),
      });
    }
  }
}

/** Mostly valid values, sometimes anything at all (mutations). */
const value = (schema: Schema, doc: OpenApi) =>
  fc.oneof(
    { arbitrary: validValue(schema, doc), weight: 3 },
    { arbitrary: fc.anything(), weight: 1 },
  );

describe('fuzzing every operation of the OpenAPI document', () => {
  let app: NestFastifyApplication;
  let doc: OpenApi;
  let user: TestUser;
  type Params = Record<string, string>;
  /**
   * Resources the run has made, as the path parameters that reach them together (a customer
   * with its workspace), so that valid requests reach real resources.
   */
  const known = {
    workspaces: [] as Params[],
    customers: [] as Params[],
    invitations: [] as Params[],
    members: [] as Params[],
  };
  /** The resources a path template addresses. */
  const resourcesOf = (path: string): Params[] =>
    path.includes('{id}')
      ? known.customers
      : path.includes('{invitationId}')
        ? known.invitations
        : path.includes('{userId}')
          ? known.members
          : known.workspaces;

  beforeAll(async () => {
    app = await createTestApp();
    doc = (
      await app.inject({ method: 'GET', url: '/api/docs-json' })
    ).json<OpenApi>();
    user = await signedInUser();
    known.workspaces.push({ workspaceId: user.workspaceId });
    known.members.push({ workspaceId: user.workspaceId, userId: user.id });
  });

  afterAll(async () => {
    await app.close();
  });

  it(`answers ${RUNS} generated requests without a 5xx, 2xx bodies matching their schemas`, async () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validators = new Map<Schema, ValidateFunction>();
    const succeeded = new Set<string>();
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        path,
        method: method.toUpperCase(),
        op,
      })),
    );
    const request = fc
      .constantFrom(...operations)
      .chain(({ path, method, op }) => {
        const query = (op.parameters ?? []).filter((p) => p.in === 'query');
        const body = op.requestBody?.content['application/json']?.schema;
        return fc.record({
          path: fc.constant(path),
          method: fc.constant(method),
          op: fc.constant(op),
          params: fc.oneof(
            {
              arbitrary: fc.constantFrom(
                ...(resourcesOf(path).length
                  ? resourcesOf(path)
                  : [{} as Params]),
              ),
              weight: 4,
            },
            {
              // Ids that exist nowhere, or are not ids at all.
              arbitrary: fc.record({
                workspaceId: fc.oneof(fc.uuid(), fc.string()),
                id: fc.oneof(fc.uuid(), fc.string()),
                userId: fc.oneof(fc.uuid(), fc.string()),
                invitationId: fc.oneof(fc.uuid(), fc.string()),
              }),
              weight: 1,
            },
          ),
          query: fc.record(
            Object.fromEntries(
              query.map((p) => [p.name, value(p.schema, doc).map(asText)]),
            ),
            { requiredKeys: [] },
          ),
          body: body ? value(body, doc) : fc.constant(undefined),
        });
      });

    await fc.assert(
      fc.asyncProperty(
        request,
        async ({ path, method, op, params, query, body }) => {
          // Paths are relative to the document's server URL.
          const url = `${doc.servers[0].url}${path.replace(
            /\{(\w+)\}/g,
            (_, name: string) =>
              encodeURIComponent(
                (params as Params)[name] ??
                  '00000000-0000-4000-8000-000000000000',
              ),
          )}`;
          const res = await app.inject({
            method: method as 'GET',
            url,
            query: query as Record<string, string>,
            headers: user.headers,
            ...(body === undefined
              ? {}
              : {
                  payload: JSON.stringify(body),
                  headers: {
                    ...user.headers,
                    'content-type': 'application/json',
                  },
                }),
          });
          expect(res.statusCode).toBeLessThan(500);
          if (res.statusCode < 300) succeeded.add(`${method} ${path}`);
          if (res.statusCode === 204) {
            // Gone for good: deleted workspaces, revoked invitations.
            const list = resourcesOf(path);
            const gone = list.indexOf(params);
            if (
              gone > 0 &&
              !path.includes('{id}') &&
              !path.includes('{userId}')
            )
              list.splice(gone, 1);
          }
          const documented =
            op.responses[String(res.statusCode)]?.content?.['application/json']
              ?.schema;
          if (res.statusCode < 300 && documented) {
            const validate =
              validators.get(documented) ??
              ajv.compile({ ...documented, components: doc.components });
            validators.set(documented, validate);
            const parsed: unknown = res.json();
            if (!validate(parsed))
              throw new Error(
                `${method} ${url}: ${ajv.errorsText(validate.errors)}`,
              );
            const created = parsed as { id?: string; workspace_id?: string };
            if (res.statusCode === 201 && created.id) {
              if (path.endsWith('/customers'))
                known.customers.push({
                  workspaceId: created.workspace_id!,
                  id: created.id,
                });
              else if (path.endsWith('/invitations'))
                known.invitations.push({
                  workspaceId: created.workspace_id!,
                  invitationId: created.id,
                });
              else {
                known.workspaces.push({ workspaceId: created.id });
                known.members.push({
                  workspaceId: created.id,
                  userId: user.id,
                });
              }
            }
          }
        },
      ),
      { numRuns: RUNS },
    );
    // Every operation was reached with a valid request at least once, so bodies were checked;
    // but those a lone user cannot succeed at: accepting an invitation needs someone else's,
    // and the only owner of a workspace may not leave it.
    const loneUserCannot = [
      'POST /invitations/accept',
      'DELETE /workspaces/{workspaceId}/members/{userId}',
    ];
    expect([...succeeded].sort()).toEqual(
      operations
        .map((o) => `${o.method} ${o.path}`)
        .filter((o) => !loneUserCannot.includes(o))
        .sort(),
    );
  }, 300_000);
});
