import { randomUUID } from 'node:crypto';
import type { Args, Minimum } from './api-surface';
import {
  admin,
  freshStage,
  invitationFor,
  pipelineWithDeletedDeal,
  type Space,
} from './catalog-fixtures';
import { createUser } from './database';
import type { TestUser } from './users';

/**
 * What the API answers: a status and the detail of its problem (which rule refused); a
 * validation rule by the field it names.
 */
export interface Reply {
  status: number;
  detail: string | RegExp;
}

/** How a text parameter is taken: refused by a rule, or as text (a check of the answer). */
export type TextRule =
  | Reply
  | ((answer: unknown, sent: string, space: Space) => Promise<void> | void);

/** A request to a route, `workspaceId` aside (the space's own): its path, query and body. */
export interface HttpRequest {
  path?: Record<string, string>;
  query?: Record<string, string>;
  body?: Args;
}

/**
 * A route of the served OpenAPI document, declared (test/database/catalog-routes.e2e-spec.ts):
 * who may call it, what answers another workspace's object next to this workspace's, and how
 * every text parameter is taken. Parameters are named `path.x`, `query.x` or `body.x`.
 */
export interface RouteSurface {
  /** 'public': no token needed; 'stream': an event stream (test/events.e2e-spec.ts). */
  minimum: Minimum | 'public' | 'stream';
  writes: boolean;
  /** A valid request in `space` by `caller`; it may make what it uses up (a deal to delete). */
  request?: (
    space: Space,
    caller: TestUser,
  ) => Promise<HttpRequest> | HttpRequest;
  /** What a caller outside the workspace hears. */
  notFound?: Reply;
  /** What a role below the minimum hears, when not the common 403. */
  tooLow?: Reply;
  ids?: Record<string, Reply | 'filter'>;
  /** Each text parameter's rule; `without`: parameters a search drops (filters hiding rows). */
  texts?: Record<string, TextRule | { without: string[]; rule: TextRule }>;
  /** Parameters of other kinds (numbers, dates), so that none goes undeclared. */
  others?: string[];
}

export const ROLE_TOO_LOW: Reply = {
  status: 403,
  detail: 'Your role in this workspace does not allow this.',
};
const reply = (status: number, detail: string | RegExp): Reply => ({
  status,
  detail,
});
const NO_WORKSPACE = reply(404, 'No such workspace.');
const NO_PIPELINE = reply(404, 'No such pipeline in this workspace.');
const NO_STAGE = reply(404, 'No such stage in this pipeline.');
const NO_CUSTOMER = reply(404, 'No such customer in this workspace.');
const NO_DEAL = reply(404, 'No such deal in this workspace.');
/** The validation pipe's refusal, naming the field. */
const invalid = (field: string) =>
  reply(400, new RegExp(`^(The request is invalid: )?${field} `));
const NOT_A_MEMBER = reply(
  422,
  'The assignee is not a member of this workspace.',
);

/** A page of a list holds exactly the live rows the service role finds holding the text. */
const finds =
  (table: string, columns: string[]) =>
  async (answer: unknown, sent: string, space: Space) => {
    const page = answer as {
      data: Args[];
      meta: { total: number };
    };
    const condition = columns
      .map((c) =>
        c === 'tags'
          ? `t.tags @> array[$2]`
          : `strpos(lower(coalesce(t.${c}, '')), lower($2)) > 0`,
      )
      .join(' or ');
    const [{ n }] = await admin<{ n: number }>(
      `select count(*)::int as n from public.${table} t
        where t.workspace_id = $1 and t.deleted_at is null and (${condition})`,
      [space.id, sent],
    );
    expect(n).toBeGreaterThan(0);
    expect(page.meta.total).toBe(n);
  };
const answers = () => undefined;

const freshCustomer = async (space: Space, deleted = false) =>
  (
    await admin<{ id: string }>(
      `insert into public.customers (workspace_id, name, deleted_at)
       values ($1, 'Fresh', case when $2 then now() end) returning id`,
      [space.id, deleted],
    )
  )[0].id;
const freshDeal = async (space: Space, deleted = false) =>
  (
    await admin<{ id: string }>(
      `insert into public.deals (workspace_id, pipeline_id, stage_id, title, deleted_at)
       values ($1, $2, $3, 'Fresh', case when $4 then now() end) returning id`,
      [space.id, space.pipelineId, space.stageIds[2], deleted],
    )
  )[0].id;
const freshMember = async (space: Space) => {
  const { id } = await createUser();
  await admin(
    `insert into public.workspace_members (workspace_id, user_id, role) values ($1, $2, 'viewer')`,
    [space.id, id],
  );
  return id;
};
/** A workspace of its own with the space's members in their roles: one to delete. */
const freshWorkspaceLike = async (space: Space) => {
  const [{ id }] = await admin<{ id: string }>(
    `insert into public.workspaces (name, created_by) values ('Doomed', $1) returning id`,
    [space.users.owner.id],
  );
  await admin(
    `insert into public.workspace_members (workspace_id, user_id, role)
     select $1, m.user_id, m.role from public.workspace_members m where m.workspace_id = $2`,
    [id, space.id],
  );
  return id;
};
const taskBy = async (space: Space, author: TestUser) =>
  String(
    (
      await admin<{ id: string }>(
        `insert into public.activities (workspace_id, customer_id, kind, body, actor_id)
         values ($1, $2, 'task', 'Fresh', $3) returning id`,
        [space.id, space.customerId, author.id],
      )
    )[0].id,
  );

const LIST_TEXTS = {
  'query.cursor': reply(400, 'cursor is not one this API issued'),
};
const CUSTOMER_TEXTS = {
  'body.name': answers,
  'body.email': invalid('email'),
  'body.phone': answers,
  'body.company': answers,
  'body.status': invalid('status'),
  'body.tags': answers,
  'body.notes': answers,
};

const OTHER_CUSTOMER = reply(422, 'The customer is not one of this workspace.');
const COLUMN_CHANGED = reply(
  409,
  'The column changed since you read it: fetch it again.',
);
/** The id filters of the deal lists: another workspace's find nothing. */
const DEAL_FILTERS: Record<string, 'filter'> = {
  'query.pipeline_id': 'filter',
  'query.stage_id': 'filter',
  'query.customer_id': 'filter',
  'query.assignee_id': 'filter',
};
const dealFilters = (space: Space) => ({
  pipeline_id: space.pipelineId,
  stage_id: space.stageIds[0],
  customer_id: space.customerId,
  assignee_id: space.users.member.id,
});
const DEAL_LIST_OTHERS = [
  'query.page',
  'query.limit',
  'query.amount_min',
  'query.amount_max',
  'query.close_from',
  'query.close_to',
];

export const ROUTES: Record<string, RouteSurface> = {
  'GET /health': { minimum: 'public', writes: false },
  'GET /health/database': { minimum: 'public', writes: false },
  'GET /health/detailed': { minimum: 'public', writes: false },
  'GET /workspaces/{workspaceId}/events': { minimum: 'stream', writes: false },
  'GET /workspaces': {
    minimum: 'signed-in',
    writes: false,
    request: () => ({}),
  },
  'POST /workspaces': {
    minimum: 'signed-in',
    writes: true,
    request: () => ({ body: { name: 'Catalog' } }),
    texts: { 'body.name': answers },
  },
  'GET /workspaces/{workspaceId}': {
    minimum: 'viewer',
    writes: false,
    request: () => ({}),
    notFound: NO_WORKSPACE,
  },
  'PATCH /workspaces/{workspaceId}': {
    minimum: 'admin',
    writes: true,
    request: () => ({ body: { name: `Renamed ${randomUUID()}` } }),
    notFound: NO_WORKSPACE,
    texts: { 'body.name': answers },
  },
  'DELETE /workspaces/{workspaceId}': {
    minimum: 'owner',
    writes: true,
    request: async (space) => ({
      path: { workspaceId: await freshWorkspaceLike(space) },
    }),
    notFound: NO_WORKSPACE,
  },
  'GET /workspaces/{workspaceId}/members': {
    minimum: 'viewer',
    writes: false,
    request: () => ({}),
    notFound: NO_WORKSPACE,
  },
  'PATCH /workspaces/{workspaceId}/members/{userId}': {
    minimum: 'admin',
    writes: true,
    request: async (space) => ({
      path: { userId: await freshMember(space) },
      body: { role: 'member' },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.userId': reply(404, 'No such member of this workspace.') },
    texts: { 'body.role': invalid('role') },
  },
  'DELETE /workspaces/{workspaceId}/members/{userId}': {
    minimum: 'admin',
    writes: true,
    request: async (space) => ({ path: { userId: await freshMember(space) } }),
    notFound: NO_WORKSPACE,
    ids: { 'path.userId': reply(404, 'No such member of this workspace.') },
  },
  'POST /workspaces/{workspaceId}/invitations': {
    minimum: 'admin',
    writes: true,
    request: () => ({
      body: { email: `i-${randomUUID()}@example.test`, role: 'member' },
    }),
    notFound: NO_WORKSPACE,
    texts: { 'body.email': invalid('email'), 'body.role': invalid('role') },
  },
  'GET /workspaces/{workspaceId}/invitations': {
    minimum: 'admin',
    writes: false,
    request: () => ({}),
    notFound: NO_WORKSPACE,
  },
  'DELETE /workspaces/{workspaceId}/invitations/{invitationId}': {
    minimum: 'admin',
    writes: true,
    request: async (space) => ({
      path: {
        invitationId: (
          await invitationFor(space, `${randomUUID()}@example.test`)
        ).id,
      },
    }),
    notFound: NO_WORKSPACE,
    ids: {
      'path.invitationId': reply(
        404,
        'No such pending invitation, or not one you may revoke.',
      ),
    },
  },
  'POST /invitations/accept': {
    minimum: 'signed-in',
    writes: true,
    request: async (space, caller) => ({
      body: { token: (await invitationFor(space, caller.email)).token },
    }),
    texts: { 'body.token': invalid('token') },
  },
  'GET /workspaces/{workspaceId}/customers': {
    minimum: 'viewer',
    writes: false,
    request: () => ({ query: { limit: '100' } }),
    notFound: NO_WORKSPACE,
    texts: {
      ...LIST_TEXTS,
      'query.q': finds('customers', ['name', 'email', 'company']),
      'query.tag': finds('customers', ['tags']),
      'query.status': invalid('status'),
      'query.sort': invalid('sort'),
    },
    others: [
      'query.page',
      'query.limit',
      'query.created_from',
      'query.created_to',
    ],
  },
  'POST /workspaces/{workspaceId}/customers': {
    minimum: 'member',
    writes: true,
    request: () => ({
      body: {
        name: 'Catalog',
        email: `c-${randomUUID()}@example.test`,
        tags: ['catalog'],
      },
    }),
    notFound: NO_WORKSPACE,
    texts: CUSTOMER_TEXTS,
  },
  'GET /workspaces/{workspaceId}/customers/{id}': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({ path: { id: space.customerId } }),
    notFound: reply(404, 'No such customer.'),
    ids: { 'path.id': reply(404, 'No such customer.') },
  },
  'PATCH /workspaces/{workspaceId}/customers/{id}': {
    minimum: 'member',
    writes: true,
    request: (space) => ({
      path: { id: space.customerId },
      body: { notes: `Changed ${randomUUID()}`, tags: ['catalog'] },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.id': NO_CUSTOMER },
    texts: CUSTOMER_TEXTS,
  },
  'DELETE /workspaces/{workspaceId}/customers/{id}': {
    minimum: 'member',
    writes: true,
    request: async (space) => ({ path: { id: await freshCustomer(space) } }),
    notFound: NO_WORKSPACE,
    ids: { 'path.id': NO_CUSTOMER },
  },
  'POST /workspaces/{workspaceId}/customers/{id}/restore': {
    minimum: 'member',
    writes: true,
    request: async (space) => ({
      path: { id: await freshCustomer(space, true) },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.id': NO_CUSTOMER },
  },
  'GET /workspaces/{workspaceId}/pipelines': {
    minimum: 'viewer',
    writes: false,
    request: () => ({}),
    notFound: NO_WORKSPACE,
  },
  'POST /workspaces/{workspaceId}/pipelines': {
    minimum: 'member',
    writes: true,
    request: () => ({ body: { name: 'Catalog' } }),
    notFound: NO_WORKSPACE,
    texts: { 'body.name': answers },
  },
  'GET /workspaces/{workspaceId}/pipelines/{pipelineId}': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({ path: { pipelineId: space.pipelineId } }),
    notFound: NO_PIPELINE,
    ids: { 'path.pipelineId': NO_PIPELINE },
  },
  'PATCH /workspaces/{workspaceId}/pipelines/{pipelineId}': {
    minimum: 'member',
    writes: true,
    request: (space) => ({
      path: { pipelineId: space.scratchPipelineId },
      body: { name: `Scratch ${randomUUID().slice(0, 8)}` },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.pipelineId': NO_PIPELINE },
    texts: { 'body.name': answers },
  },
  'DELETE /workspaces/{workspaceId}/pipelines/{pipelineId}': {
    minimum: 'member',
    writes: true,
    request: async (space) => ({
      path: { pipelineId: await pipelineWithDeletedDeal(space) },
      query: { move_to: space.stageIds[0] },
    }),
    notFound: NO_PIPELINE,
    ids: {
      'path.pipelineId': NO_PIPELINE,
      'query.move_to': reply(
        422,
        'move_to is not a stage of another pipeline of this workspace.',
      ),
    },
  },
  'GET /workspaces/{workspaceId}/pipelines/{pipelineId}/board': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({ path: { pipelineId: space.pipelineId } }),
    notFound: NO_PIPELINE,
    ids: { 'path.pipelineId': NO_PIPELINE },
    others: ['query.per_stage'],
  },
  'GET /workspaces/{workspaceId}/pipelines/{pipelineId}/summary': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({ path: { pipelineId: space.pipelineId } }),
    notFound: NO_PIPELINE,
    ids: { 'path.pipelineId': NO_PIPELINE },
    others: ['query.from', 'query.to'],
  },
  'GET /workspaces/{workspaceId}/pipelines/{pipelineId}/stages': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({ path: { pipelineId: space.pipelineId } }),
    notFound: NO_PIPELINE,
    ids: { 'path.pipelineId': NO_PIPELINE },
  },
  'POST /workspaces/{workspaceId}/pipelines/{pipelineId}/stages': {
    minimum: 'member',
    writes: true,
    request: (space) => ({
      path: { pipelineId: space.scratchPipelineId },
      body: { name: 'Catalog', after_id: space.scratchStageIds[0] },
    }),
    notFound: NO_PIPELINE,
    ids: {
      'path.pipelineId': NO_PIPELINE,
      'body.after_id': reply(422, 'after_id is not a stage of this pipeline.'),
    },
    texts: { 'body.name': answers, 'body.kind': invalid('kind') },
  },
  'PUT /workspaces/{workspaceId}/pipelines/{pipelineId}/stages/order': {
    minimum: 'member',
    writes: true,
    request: (space) => ({
      path: { pipelineId: space.pipelineId },
      body: { stage_ids: space.stageIds },
    }),
    notFound: NO_PIPELINE,
    // As many of another pipeline's stages as this one has: the set is checked, not the count.
    ids: {
      'path.pipelineId': NO_PIPELINE,
      'body.stage_ids': reply(
        422,
        'stage_ids must list every stage of the pipeline once.',
      ),
    },
  },
  'PATCH /workspaces/{workspaceId}/pipelines/{pipelineId}/stages/{stageId}': {
    minimum: 'member',
    writes: true,
    request: (space) => ({
      path: {
        pipelineId: space.scratchPipelineId,
        stageId: space.scratchStageIds[1],
      },
      body: { name: `Stage ${randomUUID().slice(0, 8)}` },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.pipelineId': NO_STAGE, 'path.stageId': NO_STAGE },
    texts: { 'body.name': answers, 'body.kind': invalid('kind') },
  },
  'DELETE /workspaces/{workspaceId}/pipelines/{pipelineId}/stages/{stageId}': {
    minimum: 'member',
    writes: true,
    request: async (space) => ({
      path: {
        pipelineId: space.scratchPipelineId,
        stageId: await freshStage(space, true),
      },
      query: { move_to: space.scratchStageIds[0] },
    }),
    notFound: NO_STAGE,
    ids: {
      'path.pipelineId': NO_STAGE,
      'path.stageId': NO_STAGE,
      'query.move_to': reply(
        422,
        'move_to is not another stage of this pipeline.',
      ),
    },
  },
  'GET /workspaces/{workspaceId}/pipelines/{pipelineId}/stages/{stageId}/deals':
    {
      minimum: 'viewer',
      writes: false,
      request: (space) => ({
        path: { pipelineId: space.pipelineId, stageId: space.stageIds[0] },
      }),
      notFound: NO_STAGE,
      ids: { 'path.pipelineId': NO_STAGE, 'path.stageId': NO_STAGE },
      texts: LIST_TEXTS,
      others: ['query.limit'],
    },
  'GET /workspaces/{workspaceId}/deals': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({ query: { ...dealFilters(space), limit: '100' } }),
    notFound: NO_WORKSPACE,
    ids: DEAL_FILTERS,
    texts: {
      ...LIST_TEXTS,
      'query.q': {
        without: Object.keys(DEAL_FILTERS),
        rule: finds('deals', ['title']),
      },
      'query.status': invalid('status'),
      'query.sort': invalid('sort'),
    },
    others: DEAL_LIST_OTHERS,
  },
  'POST /workspaces/{workspaceId}/deals': {
    minimum: 'member',
    writes: true,
    request: (space) => ({
      body: {
        title: 'Catalog',
        pipeline_id: space.pipelineId,
        stage_id: space.stageIds[2],
        customer_id: space.customerId,
        assignee_id: space.users.member.id,
      },
    }),
    notFound: NO_WORKSPACE,
    ids: {
      'body.pipeline_id': reply(422, 'stage_id is not a stage of pipeline_id'),
      'body.stage_id': reply(422, 'stage_id is not a stage of this workspace'),
      'body.customer_id': OTHER_CUSTOMER,
      'body.assignee_id': NOT_A_MEMBER,
    },
    texts: { 'body.title': answers, 'body.currency': invalid('currency') },
    others: ['body.expected_close_date'],
  },
  'GET /workspaces/{workspaceId}/customers/{id}/deals': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({
      path: { id: space.customerId },
      query: dealFilters(space),
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.id': 'filter', ...DEAL_FILTERS },
    texts: {
      ...LIST_TEXTS,
      'query.q': answers,
      'query.status': invalid('status'),
      'query.sort': invalid('sort'),
    },
    others: DEAL_LIST_OTHERS,
  },
  'GET /workspaces/{workspaceId}/deals/{dealId}': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({ path: { dealId: space.dealId } }),
    notFound: NO_DEAL,
    ids: { 'path.dealId': NO_DEAL },
  },
  'PATCH /workspaces/{workspaceId}/deals/{dealId}': {
    minimum: 'member',
    writes: true,
    request: async (space) => ({
      path: { dealId: await freshDeal(space) },
      body: {
        title: 'Changed',
        customer_id: space.customerId,
        assignee_id: space.users.member.id,
      },
    }),
    notFound: NO_WORKSPACE,
    ids: {
      'path.dealId': NO_DEAL,
      'body.customer_id': OTHER_CUSTOMER,
      'body.assignee_id': NOT_A_MEMBER,
    },
    texts: { 'body.title': answers, 'body.currency': invalid('currency') },
    others: ['body.expected_close_date'],
  },
  'DELETE /workspaces/{workspaceId}/deals/{dealId}': {
    minimum: 'member',
    writes: true,
    request: async (space) => ({ path: { dealId: await freshDeal(space) } }),
    notFound: NO_WORKSPACE,
    ids: { 'path.dealId': NO_DEAL },
  },
  'POST /workspaces/{workspaceId}/deals/{dealId}/move': {
    minimum: 'member',
    writes: true,
    request: (space) => ({
      path: { dealId: space.dealId },
      body: {
        stage_id: space.stageIds[1],
        after_id: space.neighbourIds[0],
        before_id: space.neighbourIds[1],
      },
    }),
    notFound: NO_DEAL,
    ids: {
      'path.dealId': NO_DEAL,
      'body.stage_id': reply(422, 'stage_id is not a stage of this workspace.'),
      'body.after_id': COLUMN_CHANGED,
      'body.before_id': COLUMN_CHANGED,
    },
  },
  'POST /workspaces/{workspaceId}/deals/{dealId}/restore': {
    minimum: 'member',
    writes: true,
    request: async (space) => ({
      path: { dealId: await freshDeal(space, true) },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.dealId': NO_DEAL },
  },
  'GET /workspaces/{workspaceId}/activities': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({
      query: {
        actor_id: space.users.owner.id,
        customer_id: space.customerId,
        deal_id: space.dealId,
      },
    }),
    notFound: NO_WORKSPACE,
    ids: {
      'query.actor_id': 'filter',
      'query.customer_id': NO_CUSTOMER,
      'query.deal_id': NO_DEAL,
    },
    texts: { ...LIST_TEXTS, 'query.kind': invalid('kind') },
    others: ['query.limit', 'query.from', 'query.to'],
  },
  'GET /workspaces/{workspaceId}/customers/{id}/activities': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({
      path: { id: space.customerId },
      query: { actor_id: space.users.owner.id },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.id': NO_CUSTOMER, 'query.actor_id': 'filter' },
    texts: { ...LIST_TEXTS, 'query.kind': invalid('kind') },
    others: ['query.limit', 'query.from', 'query.to'],
  },
  'POST /workspaces/{workspaceId}/customers/{id}/activities': {
    minimum: 'member',
    writes: true,
    request: (space) => ({
      path: { id: space.customerId },
      body: {
        kind: 'task',
        body: 'Catalog',
        assignee_id: space.users.member.id,
      },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.id': NO_CUSTOMER, 'body.assignee_id': NOT_A_MEMBER },
    texts: { 'body.body': answers, 'body.kind': invalid('kind') },
    others: ['body.due_at'],
  },
  'GET /workspaces/{workspaceId}/deals/{dealId}/activities': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({
      path: { dealId: space.dealId },
      query: { actor_id: space.users.owner.id },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.dealId': NO_DEAL, 'query.actor_id': 'filter' },
    texts: { ...LIST_TEXTS, 'query.kind': invalid('kind') },
    others: ['query.limit', 'query.from', 'query.to'],
  },
  'POST /workspaces/{workspaceId}/deals/{dealId}/activities': {
    minimum: 'member',
    writes: true,
    request: (space) => ({
      path: { dealId: space.dealId },
      body: {
        kind: 'task',
        body: 'Catalog',
        assignee_id: space.users.member.id,
      },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.dealId': NO_DEAL, 'body.assignee_id': NOT_A_MEMBER },
    texts: { 'body.body': answers, 'body.kind': invalid('kind') },
    others: ['body.due_at'],
  },
  'PATCH /workspaces/{workspaceId}/activities/{activityId}': {
    minimum: 'member',
    writes: true,
    request: async (space, caller) => ({
      path: { activityId: await taskBy(space, caller) },
      body: { body: 'Changed', assignee_id: space.users.member.id },
    }),
    notFound: NO_WORKSPACE,
    ids: {
      'path.activityId': reply(404, 'No such entry in this workspace.'),
      'body.assignee_id': NOT_A_MEMBER,
    },
    texts: { 'body.body': answers },
    others: ['body.due_at'],
  },
  'GET /workspaces/{workspaceId}/tasks': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({ query: { assignee: space.users.member.id } }),
    notFound: NO_WORKSPACE,
    ids: { 'query.assignee': 'filter' },
    texts: {
      ...LIST_TEXTS,
      'query.assignee': invalid('assignee'),
      'query.status': invalid('status'),
    },
    others: ['query.limit', 'query.due_before'],
  },
};
