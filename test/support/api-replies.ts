// The shapes of the route declarations (test/support/api-routes*.ts), the replies they expect
// and the rows they make.
import type { Args, Minimum } from './api-surface-shape';
import { admin, type Space } from './catalog-fixtures';
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
  /** 'public': no token needed; 'stream': an event stream (test/timeline/events.e2e-spec.ts). */
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
  /**
   * Each text parameter's rule; `without`: parameters a search drops (filters hiding rows);
   * `value`: what is sent for a metacharacter (a search pads it to its shortest query).
   */
  texts?: Record<
    string,
    | TextRule
    | { without: string[]; rule: TextRule; value?: (text: string) => string }
  >;
  /** Parameters of other kinds (numbers, dates), so that none goes undeclared. */
  others?: string[];
}

export const ROLE_TOO_LOW: Reply = {
  status: 403,
  detail: 'Your role in this workspace does not allow this.',
};
export const reply = (status: number, detail: string | RegExp): Reply => ({
  status,
  detail,
});
export const NO_WORKSPACE = reply(404, 'No such workspace.');
export const NO_PIPELINE = reply(404, 'No such pipeline in this workspace.');
export const NO_STAGE = reply(404, 'No such stage in this pipeline.');
export const NO_CUSTOMER = reply(404, 'No such customer in this workspace.');
export const NO_DEAL = reply(404, 'No such deal in this workspace.');
/** The validation pipe's refusal, naming the field. */
export const invalid = (field: string) =>
  reply(400, new RegExp(`^(The request is invalid: )?${field} `));
export const NOT_A_MEMBER = reply(
  422,
  'The assignee is not a member of this workspace.',
);

/** A page of a list holds exactly the live rows the service role finds holding the text. */
export const finds =
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
export const answers = () => undefined;

export const freshCustomer = async (space: Space, deleted = false) =>
  (
    await admin<{ id: string }>(
      `insert into public.customers (workspace_id, name, deleted_at)
       values ($1, 'Fresh', case when $2 then now() end) returning id`,
      [space.id, deleted],
    )
  )[0].id;
export const freshDeal = async (space: Space, deleted = false) =>
  (
    await admin<{ id: string }>(
      `insert into public.deals (workspace_id, pipeline_id, stage_id, title, deleted_at)
       values ($1, $2, $3, 'Fresh', case when $4 then now() end) returning id`,
      [space.id, space.pipelineId, space.stageIds[2], deleted],
    )
  )[0].id;
export const freshMember = async (space: Space) => {
  const { id } = await createUser();
  await admin(
    `insert into public.workspace_members (workspace_id, user_id, role) values ($1, $2, 'viewer')`,
    [space.id, id],
  );
  return id;
};
/** A workspace of its own with the space's members in their roles: one to delete. */
export const freshWorkspaceLike = async (space: Space) => {
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
export const taskBy = async (space: Space, author: TestUser) =>
  String(
    (
      await admin<{ id: string }>(
        `insert into public.activities (workspace_id, customer_id, kind, body, actor_id)
         values ($1, $2, 'task', 'Fresh', $3) returning id`,
        [space.id, space.customerId, author.id],
      )
    )[0].id,
  );

export const LIST_TEXTS = {
  'query.cursor': reply(400, 'cursor is not one this API issued'),
};
export const CUSTOMER_TEXTS = {
  'body.name': answers,
  'body.email': invalid('email'),
  'body.phone': answers,
  'body.status': invalid('status'),
  'body.tags': answers,
  'body.notes': answers,
};

export const OTHER_CUSTOMER = reply(
  422,
  'The customer is not one of this workspace.',
);
export const OTHER_COMPANY = reply(422, 'No such company in this workspace.');
export const COLUMN_CHANGED = reply(
  409,
  'The column changed since you read it: fetch it again.',
);
/** The id filters of the deal lists: another workspace's find nothing. */
export const DEAL_FILTERS: Record<string, 'filter'> = {
  'query.pipeline_id': 'filter',
  'query.stage_id': 'filter',
  'query.customer_id': 'filter',
  'query.assignee_id': 'filter',
};
export const dealFilters = (space: Space) => ({
  pipeline_id: space.pipelineId,
  stage_id: space.stageIds[0],
  customer_id: space.customerId,
  assignee_id: space.users.member.id,
});
export const DEAL_LIST_OTHERS = [
  'query.page',
  'query.limit',
  'query.amount_min',
  'query.amount_max',
  'query.close_from',
  'query.close_to',
];
