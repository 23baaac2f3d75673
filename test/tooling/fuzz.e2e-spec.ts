import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { createTestApp } from '../support/app';
import { signedInUser, type TestUser } from '../support/users';

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
  multipleOf?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
};
interface Operation {
  parameters?: {
    name: string;
    in: 'query' | 'path' | 'header';
    schema: Schema;
  }[];
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

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

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
  // Calendar dates (YYYY-MM-DD) from the year 1000, as the API documents them.
  if (schema.format === 'date') {
    return fc
      .date({
        min: new Date('1000-01-01T00:00:00Z'),
        max: new Date('9999-12-31T23:59:59Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
  }
  switch (schema.type) {
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? -1000, INT32.min),
        max: Math.min(schema.maximum ?? 1000, INT32.max),
      });
    case 'number': {
      // Whole steps of multipleOf (money: cents), so that every value is an exact decimal;
      // bounds such as 999999999999.99 are beyond fc.integer's 32 bits.
      const scale = Math.round(1 / (schema.multipleOf ?? 0.01));
      const steps = fc
        .bigInt({
          min: BigInt(Math.round((schema.minimum ?? -1000) * scale)),
          max: BigInt(Math.round((schema.maximum ?? 1000) * scale)),
        })
        .map((n) => Number(n) / scale);
      return schema.multipleOf
        ? steps
        : fc.oneof(
            steps,
            fc.double({
              min: schema.minimum ?? -1000,
              max: schema.maximum ?? 1000,
              noNaN: true,
            }),
          );
    }
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

/**
 * Some of the optional parameters, each one time in three: a client sends few of them, and
 * many together mostly conflict (a page and a cursor, amount_min over amount_max).
 */
const someOf = (arbitraries: Record<string, fc.Arbitrary<string>>) =>
  fc
    .record(
      Object.fromEntries(
        Object.entries(arbitraries).map(([name, arbitrary]) => [
          name,
          fc.oneof(
            { arbitrary: fc.constant(undefined), weight: 2 },
            { arbitrary, weight: 1 },
          ),
        ]),
      ),
    )
    .map((query) =>
      Object.fromEntries(
        Object.entries(query).filter(([, v]) => v !== undefined),
      ),
    );

/** Header values: mostly valid, sometimes any printable text (a header cannot carry more). */
const headerValue = (schema: Schema, doc: OpenApi) =>
  fc.oneof(
    { arbitrary: validValue(schema, doc).map(asText), weight: 3 },
    { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
  );

/**
 * `multipleOf` as the API means it (at most so many decimal places): Ajv's float division
 * rejects 0.07 as a multiple of 0.01 (0.07 / 0.01 is 7.000000000000001).
 */
function isMultipleOf(step: number, data: number): boolean {
  const places = Math.round(-Math.log10(step));
  if (places >= 0 && 10 ** -places === step)
    return Number(data.toFixed(places)) === data;
  const steps = data / step;
  return Math.abs(steps - Math.round(steps)) < 1e-9;
}

describe('fuzzing every operation of the OpenAPI document', () => {
  let app: NestFastifyApplication;
  let doc: OpenApi;
  let user: TestUser;
  type Params = Record<string, string>;
  /**
   * Resources the run has made, as the path parameters that reach them together (a customer
   * with its workspace, a stage with its pipeline and workspace), so that valid requests reach
   * real resources.
   */
  const known = {
    workspaces: [] as Params[],
    customers: [] as Params[],
    invitations: [] as Params[],
    members: [] as Params[],
    pipelines: [] as Params[],
    stages: [] as Params[],
    deals: [] as Params[],
    activities: [] as Params[],
  };
  /** The most specific parameter of a path template says what it addresses. */
  const addressedBy: [string, keyof typeof known][] = [
    ['{activityId}', 'activities'],
    ['{stageId}', 'stages'],
    ['{dealId}', 'deals'],
    ['{pipelineId}', 'pipelines'],
    ['{id}', 'customers'],
    ['{invitationId}', 'invitations'],
    ['{userId}', 'members'],
  ];
  /** The resources a path template addresses. */
  const resourcesOf = (path: string): Params[] =>
    known[
      addressedBy.find(([name]) => path.includes(name))?.[1] ?? 'workspaces'
    ];
  /** Forgets, in place, the known resources that match. */
  const forget = (list: Params[], gone: (r: Params) => boolean) => {
    for (let i = list.length - 1; i >= 0; i--)
      if (gone(list[i])) list.splice(i, 1);
  };

  const base = () => doc.servers[0].url;
  /** A GET as the user (a client reading before it writes), its body when it succeeded. */
  async function read<T>(
    url: string,
    query: Record<string, unknown> = {},
  ): Promise<T | undefined> {
    const res = await app.inject({
      method: 'GET',
      url: url.startsWith(base()) ? url : `${base()}${url}`,
      query: query as Record<string, string>,
      headers: user.headers,
    });
    if (res.statusCode >= 500)
      throw new Error(
        `GET ${url} query=${JSON.stringify(query)} → ${res.statusCode} ${res.body}`,
      );
    return res.statusCode === 200 ? res.json<T>() : undefined;
  }
  type Listed = { data: { id: string }[] };
  const pipelinesOf = (workspaceId: string) =>
    `/workspaces/${encodeURIComponent(workspaceId)}/pipelines`;
  const stagesOf = (workspaceId: string, pipelineId: string) =>
    `${pipelinesOf(workspaceId)}/${encodeURIComponent(pipelineId)}/stages`;

  async function recordStages(workspaceId: string, pipelineId: string) {
    const stages = await read<Listed>(stagesOf(workspaceId, pipelineId));
    for (const { id } of stages?.data ?? [])
      known.stages.push({ workspaceId, pipelineId, stageId: id });
  }
  /** Every workspace comes with a pipeline ("Sales") and its stages: read them as a client. */
  async function recordPipelines(workspaceId: string) {
    const pipelines = await read<Listed>(pipelinesOf(workspaceId));
    for (const { id } of pipelines?.data ?? []) {
      known.pipelines.push({ workspaceId, pipelineId: id });
      await recordStages(workspaceId, id);
    }
  }

  beforeAll(async () => {
    app = await createTestApp();
    doc = (
      await app.inject({ method: 'GET', url: '/api/docs-json' })
    ).json<OpenApi>();
    user = await signedInUser();
    known.workspaces.push({ workspaceId: user.workspaceId });
    known.members.push({ workspaceId: user.workspaceId, userId: user.id });
    await recordPipelines(user.workspaceId);
    if (known.pipelines.length === 0 || known.stages.length === 0)
      throw new Error('the personal workspace has no default pipeline');
    // A board with a few cards in every column, so that moves have neighbours to go between.
    for (let n = 0; n < 2 * known.stages.length; n++) {
      const res = await app.inject({
        method: 'POST',
        url: `${base()}/workspaces/${user.workspaceId}/deals`,
        headers: user.headers,
        payload: {
          title: `Seed deal ${n}`,
          stage_id: known.stages[n % known.stages.length].stageId,
        },
      });
      if (res.statusCode !== 201)
        throw new Error(`seeding a deal: ${res.body}`);
      known.deals.push({
        workspaceId: user.workspaceId,
        dealId: res.json<{ id: string }>().id,
      });
    }
  });

  afterAll(async () => {
    await app.close();
  });

  type Sent = {
    query: Record<string, unknown>;
    headers: Record<string, string>;
    body: unknown;
  };
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  /** The nth of a list, round the list (undefined when it is empty). */
  const nth = <T>(list: T[], n: number): T | undefined =>
    list.length ? list[n % list.length] : undefined;

  /**
   * What a client that knows the workspace sends: random uuids never name a stage (a pipeline,
   * a customer, a member) of it, so references become ids known in the path's workspace, and
   * stage orders and neighbours are what the client read just before.
   */
  async function hinted(
    path: string,
    method: string,
    url: string,
    params: Params,
    pick: number,
    sent: Sent,
  ): Promise<Sent> {
    const { workspaceId, pipelineId, stageId, dealId } = params;
    const inWorkspace = (list: Params[]) =>
      list.filter((r) => r.workspaceId === workspaceId);
    const stages = inWorkspace(known.stages);
    const ofPipeline = stages.filter((s) => s.pipelineId === pipelineId);
    const query = { ...sent.query };
    const headers = { ...sent.headers };
    let body = isRecord(sent.body) ? { ...sent.body } : sent.body;

    /** References to resources, in a body or a query (list filters). */
    const references = (fields: Record<string, unknown>) => {
      const stage = nth(stages, pick);
      if ('stage_id' in fields && stage) {
        fields.stage_id = stage.stageId;
        // A pipeline named with the stage is the stage's own.
        if ('pipeline_id' in fields) fields.pipeline_id = stage.pipelineId;
      } else if ('pipeline_id' in fields) {
        const pipeline = nth(inWorkspace(known.pipelines), pick);
        if (pipeline) fields.pipeline_id = pipeline.pipelineId;
      }
      if ('customer_id' in fields) {
        const customer = nth(inWorkspace(known.customers), pick);
        if (customer) fields.customer_id = customer.id;
        else delete fields.customer_id;
      }
      if ('assignee_id' in fields) fields.assignee_id = user.id;
    };
    references(query);
    if (method === 'DELETE' && path.endsWith('/{stageId}')) {
      // Deleting a stage that may hold deals: they go to another stage of the pipeline.
      const others = ofPipeline.filter((s) => s.stageId !== stageId);
      const target = nth(others, pick);
      if (target) query.move_to = target.stageId;
    }

    if ('cursor' in query) {
      // A client paging through the whole list in some order, by pages small enough to have
      // a next one: the cursor the previous page gave.
      for (const name of Object.keys(query))
        if (name !== 'sort' && name !== 'cursor') delete query[name];
      query.limit = String(1 + (pick % 3));
      const first = { ...query };
      delete first.cursor;
      delete first.page;
      const previous = await read<{
        next_cursor?: string | null;
        meta?: { next_cursor: string | null };
      }>(url, first);
      const next = previous?.meta?.next_cursor ?? previous?.next_cursor;
      if (next) {
        query.cursor = next;
        delete query.page;
      } else delete query.cursor;
    }

    if (method === 'PUT' && path.endsWith('/stages/order')) {
      // Every stage of the pipeline once, in an order of the client's choosing.
      const listed = await read<Listed>(stagesOf(workspaceId, pipelineId));
      if (listed) {
        const ids = listed.data.map((s) => s.id);
        const turn = ids.length ? pick % ids.length : 0;
        const turned = [...ids.slice(turn), ...ids.slice(0, turn)];
        body = { stage_ids: pick % 2 ? turned.reverse() : turned };
      }
    } else if (isRecord(body) && path.endsWith('/move')) {
      references(body);
      delete body.after_id;
      delete body.before_id;
      const mode = pick % 4;
      if (mode) {
        // Dropped onto another card (or next to itself): the column is where that card is, and
        // the neighbours are as the client just read them.
        const other = nth(inWorkspace(known.deals), Math.floor(pick / 4));
        const card =
          other &&
          (await read<{ stage_id: string; pipeline_id: string }>(
            `/workspaces/${encodeURIComponent(workspaceId)}/deals/${encodeURIComponent(other.dealId)}`,
          ));
        if (card) {
          body.stage_id = card.stage_id;
          const column = await read<Listed>(
            `${stagesOf(workspaceId, card.pipeline_id)}/${card.stage_id}/deals`,
            { limit: '200' },
          );
          const ids = (column?.data ?? [])
            .map((d) => d.id)
            .filter((id) => id !== dealId);
          const at = ids.length ? Math.floor(pick / 4) % ids.length : 0;
          if (mode === 1 && ids[at]) body.after_id = ids[at];
          if (mode === 2 && ids[at]) body.before_id = ids[at];
          if (mode === 3 && ids[at + 1]) {
            body.after_id = ids[at];
            body.before_id = ids[at + 1];
          }
        }
      }
    } else if (isRecord(body) && path.endsWith('/{pipelineId}/stages')) {
      const after = nth(ofPipeline, pick);
      if (after) body.after_id = after.stageId;
      else delete body.after_id;
    } else if (isRecord(body)) {
      references(body);
    }

    if ('If-Match' in headers && dealId !== undefined) {
      // The version the client read.
      const res = await app.inject({
        method: 'GET',
        url: `${base()}/workspaces/${encodeURIComponent(workspaceId)}/deals/${encodeURIComponent(dealId)}`,
        headers: user.headers,
      });
      const etag = res.headers.etag;
      if (typeof etag === 'string') headers['If-Match'] = etag;
    }
    return { query, headers, body };
  }

  /** What a 201 made, so that later requests reach it. */
  async function recordCreated(
    path: string,
    created: {
      id: string;
      workspace_id?: string;
      pipeline_id?: string;
    },
  ) {
    const workspaceId = created.workspace_id!;
    if (path === '/workspaces') {
      known.workspaces.push({ workspaceId: created.id });
      known.members.push({ workspaceId: created.id, userId: user.id });
      // It comes with its own default pipeline.
      await recordPipelines(created.id);
    } else if (path.endsWith('/customers'))
      known.customers.push({ workspaceId, id: created.id });
    else if (path.endsWith('/invitations'))
      known.invitations.push({ workspaceId, invitationId: created.id });
    else if (path.endsWith('/pipelines')) {
      known.pipelines.push({ workspaceId, pipelineId: created.id });
      // With the default stages.
      await recordStages(workspaceId, created.id);
    } else if (path.endsWith('/stages'))
      known.stages.push({
        workspaceId,
        pipelineId: created.pipeline_id!,
        stageId: created.id,
      });
    else if (path.endsWith('/deals'))
      known.deals.push({ workspaceId, dealId: created.id });
    else if (path.endsWith('/activities'))
      known.activities.push({ workspaceId, activityId: String(created.id) });
  }

  /**
   * What a 204 DELETE removed for good: stages, pipelines (with their stages), invitations,
   * workspaces (with all in them). Customers and deals are deleted softly (restore brings
   * them back), and members stay (a lone owner cannot leave).
   */
  function recordDeleted(path: string, params: Params) {
    if (path.endsWith('/{stageId}'))
      forget(known.stages, (s) => s.stageId === params.stageId);
    else if (path.endsWith('/{pipelineId}')) {
      forget(known.pipelines, (p) => p.pipelineId === params.pipelineId);
      forget(known.stages, (s) => s.pipelineId === params.pipelineId);
    } else if (path.endsWith('/{invitationId}'))
      forget(known.invitations, (i) => i.invitationId === params.invitationId);
    else if (
      path === '/workspaces/{workspaceId}' &&
      params.workspaceId !== user.workspaceId
    )
      for (const list of Object.values(known))
        forget(list, (r) => r.workspaceId === params.workspaceId);
  }

  it(`answers ${RUNS} generated requests without a 5xx, 2xx bodies matching their schemas`, async () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.removeKeyword('multipleOf');
    ajv.addKeyword({
      keyword: 'multipleOf',
      type: 'number',
      schemaType: 'number',
      validate: isMultipleOf,
    });
    const validators = new Map<Schema, ValidateFunction>();
    const succeeded = new Set<string>();
    // The event stream never ends by itself (an in-process request would wait for ever): its
    // own spec, test/timeline/events.e2e-spec.ts, reads it over a socket.
    const streams = (op: Operation) =>
      Object.keys(op.responses['200']?.content ?? {}).includes(
        'text/event-stream',
      );
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => !streams(op))
        .map(([method, op]) => ({
          path,
          method: method.toUpperCase(),
          op,
        })),
    );
    const request = fc
      .constantFrom(...operations)
      .chain(({ path, method, op }) => {
        const parameters = (where: 'query' | 'header') =>
          (op.parameters ?? []).filter((p) => p.in === where);
        const body = op.requestBody?.content['application/json']?.schema;
        const reachable = resourcesOf(path).length
          ? resourcesOf(path)
          : [{} as Params];
        const own = reachable.filter((r) => r.workspaceId === user.workspaceId);
        return fc.record({
          path: fc.constant(path),
          method: fc.constant(method),
          op: fc.constant(op),
          params: fc.oneof(
            { arbitrary: fc.constantFrom(...reachable), weight: 3 },
            {
              // Where most of the data is: the user's own workspace, with the seeded board.
              arbitrary: fc.constantFrom(...(own.length ? own : reachable)),
              weight: 1,
            },
            {
              // Ids that exist nowhere, or are not ids at all.
              arbitrary: fc.record({
                workspaceId: fc.oneof(fc.uuid(), fc.string()),
                id: fc.oneof(fc.uuid(), fc.string()),
                userId: fc.oneof(fc.uuid(), fc.string()),
                invitationId: fc.oneof(fc.uuid(), fc.string()),
                pipelineId: fc.oneof(fc.uuid(), fc.string()),
                stageId: fc.oneof(fc.uuid(), fc.string()),
                dealId: fc.oneof(fc.uuid(), fc.string()),
              }),
              weight: 1,
            },
          ),
          query: someOf(
            Object.fromEntries(
              parameters('query').map((p) => [
                p.name,
                value(p.schema, doc).map(asText),
              ]),
            ),
          ),
          headers: fc.record(
            Object.fromEntries(
              parameters('header').map((p) => [
                p.name,
                headerValue(p.schema, doc),
              ]),
            ),
            { requiredKeys: [] },
          ),
          body: body ? value(body, doc) : fc.constant(undefined),
          // Half the time, references name what the workspace holds (see hinted).
          hint: fc.boolean(),
          pick: fc.nat(),
        });
      });

    await fc.assert(
      fc.asyncProperty(request, async (generated) => {
        const { path, method, op, hint, pick } = generated;
        const params = generated.params as Params;
        const generatedSent: Sent = {
          query: generated.query,
          headers: generated.headers as Record<string, string>,
          body: generated.body,
        };
        // Paths are relative to the document's server URL.
        const url = `${base()}${path.replace(/\{(\w+)\}/g, (_, name: string) =>
          encodeURIComponent(
            params[name] ?? '00000000-0000-4000-8000-000000000000',
          ),
        )}`;
        const { query, headers, body } = hint
          ? await hinted(path, method, url, params, pick, generatedSent)
          : generatedSent;
        const res = await app.inject({
          method: method as 'GET',
          url,
          query: query as Record<string, string>,
          headers: {
            ...user.headers,
            ...headers,
            ...(body === undefined
              ? {}
              : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
        });
        const exchange = () =>
          `${method} ${url} query=${JSON.stringify(query)} headers=${JSON.stringify(
            headers,
          )} body=${JSON.stringify(body)} → ${res.statusCode} ${res.body}`;
        if (res.statusCode >= 500) throw new Error(exchange());
        if (res.statusCode < 300) succeeded.add(`${method} ${path}`);
        if (res.statusCode === 204 && method === 'DELETE')
          recordDeleted(path, params);
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
              `${ajv.errorsText(validate.errors)}: ${exchange()}`,
            );
          const created = parsed as { id?: string; workspace_id?: string };
          if (res.statusCode === 201 && created.id)
            await recordCreated(path, { ...created, id: created.id });
        }
      }),
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
