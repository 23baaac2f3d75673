import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenApiDocument } from './openapi-document';
import type { TestUser } from './users';

/** Path parameters that reach one resource together (a stage with its pipeline and workspace). */
export type Params = Record<string, string>;

/** What a request carries besides its method and path. */
export interface Sent {
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * The fuzz spec's client of the API, as one user: what it knows of the resources the run made,
 * and the hints a client that knows its workspace gives its requests.
 */
export function fuzzClient(
  app: NestFastifyApplication,
  doc: OpenApiDocument,
  user: TestUser,
) {
  /**
   * Resources the run has made, as the path parameters that reach them together (a customer
   * with its workspace, a stage with its pipeline and workspace), so that valid requests reach
   * real resources.
   */
  const known = {
    workspaces: [] as Params[],
    customers: [] as Params[],
    companies: [] as Params[],
    invitations: [] as Params[],
    members: [] as Params[],
    pipelines: [] as Params[],
    stages: [] as Params[],
    deals: [] as Params[],
    activities: [] as Params[],
    /** People on deals: `{workspaceId, dealId, customerId}`. */
    contacts: [] as Params[],
  };
  /** The most specific parameter of a path template says what it addresses. */
  const addressedBy: [string, keyof typeof known][] = [
    ['{activityId}', 'activities'],
    ['{customerId}', 'contacts'],
    ['{stageId}', 'stages'],
    ['{dealId}', 'deals'],
    ['{pipelineId}', 'pipelines'],
    ['/companies/{id}', 'companies'],
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

  /** Where the run starts: the user's own workspace, its pipeline and stages read, cards in them. */
  async function seed() {
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
    // Two people (one to merge into the other), the first on the first card.
    for (const name of ['Seed person', 'Seed duplicate']) {
      const res = await app.inject({
        method: 'POST',
        url: `${base()}/workspaces/${user.workspaceId}/customers`,
        headers: user.headers,
        payload: { name },
      });
      if (res.statusCode !== 201)
        throw new Error(`seeding a customer: ${res.body}`);
      known.customers.push({
        workspaceId: user.workspaceId,
        id: res.json<{ id: string }>().id,
      });
    }
    const [{ dealId }] = known.deals;
    const customerId = known.customers[0].id;
    const res = await app.inject({
      method: 'POST',
      url: `${base()}/workspaces/${user.workspaceId}/deals/${dealId}/contacts`,
      headers: user.headers,
      payload: { customer_id: customerId },
    });
    if (res.statusCode !== 201)
      throw new Error(`seeding a contact: ${res.body}`);
    known.contacts.push({ workspaceId: user.workspaceId, dealId, customerId });
  }

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
      if ('duplicate_id' in fields) {
        // Another record of the workspace than the survivor in the path.
        const pool = path.includes('/companies/')
          ? known.companies
          : known.customers;
        const other = nth(
          inWorkspace(pool).filter((r) => r.id !== params.id),
          pick,
        );
        if (other) fields.duplicate_id = other.id;
      }
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
    else if (path.endsWith('/companies'))
      known.companies.push({ workspaceId, id: created.id });
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
    if (path.endsWith('/{customerId}'))
      forget(
        known.contacts,
        (c) => c.dealId === params.dealId && c.customerId === params.customerId,
      );
    else if (path.endsWith('/{stageId}'))
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

  return {
    base,
    resourcesOf,
    seed,
    hinted,
    recordCreated,
    recordDeleted,
  };
}
