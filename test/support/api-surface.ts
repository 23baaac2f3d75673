import { randomUUID } from 'node:crypto';
import {
  admin,
  freshStage,
  invitationFor,
  pipelineWithDeletedDeal,
  type Role,
  type Space,
} from './catalog-fixtures';
import type { TestUser } from './users';

/**
 * What the data API serves, declared: for every function, who may call it, which argument
 * names which object and what refuses another workspace's, how every text argument is taken;
 * for every table (test/support/api-tables.ts), who may run each command. The catalog specs
 * (test/database/catalog-*.e2e-spec.ts) read the live catalog and fail on anything served and
 * not declared here, or declared and gone: a new function or table ships tried.
 */

export type Args = Record<string, unknown>;

/** Which rule refused: the SQLSTATE and the message PostgREST passes on. */
export interface Refusal {
  code: string;
  message: string;
}

/** Any signed-in user, or a workspace role and the ones above it. */
export type Minimum = Role | 'signed-in';

const refusal = (code: string, message: string): Refusal => ({
  code,
  message,
});
export const ROLE_TOO_LOW = refusal(
  'PT403',
  'your role in this workspace does not allow this',
);
const noSuch = (what: string) => refusal('PT404', `no such ${what}`);
const badEnum = (type: string) => (text: string) =>
  refusal('22P02', `invalid input value for enum ${type}: "${text}"`);
const COLUMN_CHANGED = refusal(
  'PT409',
  'the column changed since you read it: fetch it again',
);

/** How a function answers a text argument holding SQL or PostgREST metacharacters. */
export interface TextArgument {
  /** What is sent: the text inside an otherwise valid value (an email keeps its @). */
  value?: (text: string) => unknown;
  /** Arguments changed for this one (a search without the filters that would hide matches). */
  with?: Args;
  /** Refused by this rule... */
  refused?: Refusal | ((text: string) => Refusal);
  /** ...or taken as given: the check of the answer against what was sent (uses expect). */
  taken?: (
    answer: unknown,
    sent: unknown,
    space: Space,
  ) => Promise<void> | void;
}

export interface FunctionSurface {
  minimum: Minimum;
  /** A successful call writes (the fixtures' rows change) or only reads. */
  writes: boolean;
  /** The answer to a caller who is not a member of the workspace of what the call names. */
  notFound?: Refusal;
  /**
   * Every argument naming an object: 'scope' for the one the call acts on, else the rule that
   * refuses another workspace's object next to this workspace's scope, or 'filter' where it
   * only narrows a list (nothing of that workspace may show).
   */
  ids: Record<string, 'scope' | 'filter' | Refusal>;
  /** Every text argument (text, enums, and text fields of a JSON argument as `arg.field`). */
  texts: Record<string, TextArgument>;
  /** The arguments of other types, so that no argument goes undeclared. */
  others: string[];
  /** A valid call in `space` by `caller`; it may make what the call uses up (a stage to delete). */
  call(space: Space, caller: TestUser): Promise<Args> | Args;
  /** Further refusals, named, made from this workspace and another. */
  refusals?: {
    name: string;
    as: Role | 'stranger';
    args(own: Space, other: Space, caller: TestUser): Promise<Args> | Args;
    refusal: Refusal;
  }[];
}

/** The value at `path` of a JSON answer. */
export const at = (value: unknown, path: string[]): unknown =>
  path.reduce<unknown>(
    (node, key) => (node as Record<string, unknown> | null)?.[key],
    value,
  );

const echoed =
  (...path: string[]) =>
  (answer: unknown, sent: unknown) =>
    expect(at(answer, path)).toEqual(sent);

const holds = (value: unknown, text: string) =>
  Array.isArray(value)
    ? value.includes(text)
    : typeof value === 'string' &&
      value.toLowerCase().includes(text.toLowerCase());

/** A list page holds exactly the live rows whose text the service role finds holding `sent`. */
const finds =
  (table: string, condition: string, fields: string[]) =>
  async (answer: unknown, sent: unknown, space: Space) => {
    const page = answer as { data: Args[]; total: number };
    const [{ n }] = await admin<{ n: number }>(
      `select count(*)::int as n from public.${table} t
        where t.workspace_id = $1 and t.deleted_at is null and ${condition}`,
      [space.id, sent],
    );
    expect(n).toBeGreaterThan(0);
    expect(page.total).toBe(n);
    for (const row of page.data)
      expect(fields.some((f) => holds(row[f], String(sent)))).toBe(true);
  };
const contains = (column: string) =>
  `strpos(lower(coalesce(t.${column}, '')), lower($2)) > 0`;

/** Whatever the text, the call answers; the other workspace's names in it are checked apart. */
const answers = () => undefined;
const answeredNew = (answer: unknown) =>
  expect(at(answer, ['replayed'])).toBe(false);

const email = (text: string) =>
  `m${text.replaceAll(' ', '')}x@example.test`.toLowerCase();

/** The pages of a list, every row in one: totals count what a search or tag finds. */
const WHOLE_PAGE = { p_limit: 100, p_with_total: true };

export const FUNCTIONS: Record<string, FunctionSurface> = {
  accept_invitation: {
    minimum: 'signed-in',
    writes: true,
    ids: {},
    texts: { p_token: { refused: noSuch('invitation') } },
    others: [],
    call: async (space, caller) => ({
      p_token: (await invitationFor(space, caller.email)).token,
    }),
    refusals: [
      {
        name: "another address's invitation",
        as: 'stranger',
        args: async (own) => ({
          p_token: (await invitationFor(own, `${randomUUID()}@example.test`))
            .token,
        }),
        refusal: refusal(
          'PT403',
          'the invitation is for another email address',
        ),
      },
      {
        name: 'an invitation to a workspace one is in',
        as: 'viewer',
        args: async (own) => ({
          p_token: (await invitationFor(own, own.users.viewer.email)).token,
        }),
        refusal: refusal('PT409', 'you are already a member of this workspace'),
      },
    ],
  },
  create_customer: {
    minimum: 'member',
    writes: true,
    notFound: noSuch('workspace'),
    ids: { p_workspace_id: 'scope' },
    texts: {
      'p_customer.name': { taken: echoed('customer', 'name') },
      'p_customer.email': { value: email, taken: echoed('customer', 'email') },
      'p_customer.phone': { taken: echoed('customer', 'phone') },
      'p_customer.company': { taken: echoed('customer', 'company') },
      'p_customer.notes': { taken: echoed('customer', 'notes') },
      'p_customer.status': {
        refused: refusal(
          '23514',
          'new row for relation "customers" violates check constraint "customers_status_check"',
        ),
      },
      'p_customer.tags': {
        value: (text) => [text],
        taken: echoed('customer', 'tags'),
      },
      p_idempotency_key: { taken: answeredNew },
      p_request_hash: { taken: answeredNew },
    },
    others: [],
    call: (space) => ({
      p_workspace_id: space.id,
      p_customer: {
        name: 'Catalog customer',
        email: `c-${randomUUID()}@example.test`,
      },
      p_idempotency_key: randomUUID(),
      p_request_hash: 'catalog',
    }),
  },
  create_invitation: {
    minimum: 'admin',
    writes: true,
    notFound: noSuch('workspace'),
    ids: { p_workspace_id: 'scope' },
    texts: {
      p_email: { value: email, taken: echoed('email') },
      p_role: { refused: badEnum('workspace_role') },
    },
    others: [],
    call: (space) => ({
      p_workspace_id: space.id,
      p_email: `i-${randomUUID()}@example.test`,
      p_role: 'member',
    }),
    refusals: [
      {
        name: 'an admin inviting an owner',
        as: 'admin',
        args: (own) => ({
          p_workspace_id: own.id,
          p_email: `o-${randomUUID()}@example.test`,
          p_role: 'owner',
        }),
        refusal: refusal('PT403', 'only an owner may invite an owner'),
      },
    ],
  },
  create_pipeline: {
    minimum: 'member',
    writes: true,
    notFound: noSuch('workspace'),
    ids: { p_workspace_id: 'scope' },
    texts: { p_name: { taken: echoed('name') } },
    others: [],
    call: (space) => ({ p_workspace_id: space.id, p_name: 'Catalog pipeline' }),
  },
  create_stage: {
    minimum: 'member',
    writes: true,
    notFound: noSuch('pipeline in this workspace'),
    ids: {
      p_pipeline_id: 'scope',
      p_after_id: refusal('PT422', 'after_id is not a stage of this pipeline'),
    },
    texts: {
      p_name: { taken: echoed('name') },
      p_kind: { refused: badEnum('stage_kind') },
    },
    others: ['p_probability'],
    call: (space) => ({
      p_pipeline_id: space.scratchPipelineId,
      p_name: 'Catalog stage',
      p_kind: 'open',
      p_probability: 10,
      p_after_id: space.scratchStageIds[0],
    }),
  },
  create_workspace: {
    minimum: 'signed-in',
    writes: true,
    ids: {},
    texts: { p_name: { taken: echoed('name') } },
    others: [],
    call: () => ({ p_name: 'Catalog workspace' }),
  },
  delete_pipeline: {
    minimum: 'member',
    writes: true,
    notFound: noSuch('pipeline in this workspace'),
    ids: {
      p_pipeline_id: 'scope',
      p_move_to: refusal(
        'PT422',
        'move_to is not a stage of another pipeline of this workspace',
      ),
    },
    texts: {},
    others: [],
    call: async (space) => ({
      p_pipeline_id: await pipelineWithDeletedDeal(space),
      p_move_to: space.stageIds[0],
    }),
  },
  delete_stage: {
    minimum: 'member',
    writes: true,
    notFound: noSuch('stage in this pipeline'),
    ids: {
      p_stage_id: 'scope',
      p_move_to: refusal(
        'PT422',
        'move_to is not another stage of this pipeline',
      ),
    },
    texts: {},
    others: [],
    call: async (space) => ({
      p_stage_id: await freshStage(space, true),
      p_move_to: space.scratchStageIds[0],
    }),
  },
  list_activities: {
    minimum: 'viewer',
    writes: false,
    notFound: noSuch('workspace'),
    ids: {
      p_workspace_id: 'scope',
      p_customer_id: noSuch('customer in this workspace'),
      p_deal_id: noSuch('deal in this workspace'),
      p_actor_id: 'filter',
    },
    texts: {
      p_kinds: { value: (text) => [text], refused: badEnum('activity_kind') },
    },
    others: ['p_from', 'p_to', 'p_before_id', 'p_limit'],
    call: (space) => ({
      p_workspace_id: space.id,
      p_customer_id: space.customerId,
      p_deal_id: space.dealId,
      p_actor_id: space.users.owner.id,
      p_kinds: ['note', 'task'],
    }),
  },
  list_customers: {
    minimum: 'viewer',
    writes: false,
    notFound: noSuch('workspace'),
    ids: { p_workspace_id: 'scope', p_after_id: 'filter' },
    texts: {
      p_status: {
        value: (text) => [text],
        refused: refusal('22023', 'a filter is out of bounds'),
      },
      p_tag: { taken: finds('customers', 't.tags @> array[$2]', ['tags']) },
      p_search: {
        taken: finds(
          'customers',
          `(${contains('name')} or ${contains('email')} or ${contains('company')})`,
          ['name', 'email', 'company'],
        ),
      },
      p_sort: { refused: refusal('22023', 'unsupported sort') },
      p_after_value: { taken: answers },
    },
    others: [
      'p_created_from',
      'p_created_to',
      'p_descending',
      'p_limit',
      'p_offset',
      'p_with_total',
    ],
    // After the empty name in name order: a cursor that every row passes.
    call: (space) => ({
      p_workspace_id: space.id,
      p_sort: 'name',
      p_descending: false,
      p_after_value: '',
      p_after_id: space.customerId,
      ...WHOLE_PAGE,
    }),
  },
  list_deals: {
    minimum: 'viewer',
    writes: false,
    notFound: noSuch('workspace'),
    ids: {
      p_workspace_id: 'scope',
      p_pipeline_id: 'filter',
      p_stage_id: 'filter',
      p_assignee_id: 'filter',
      p_customer_id: 'filter',
      p_after_id: 'filter',
    },
    texts: {
      p_status: { refused: badEnum('stage_kind') },
      p_search: {
        with: {
          p_pipeline_id: null,
          p_stage_id: null,
          p_assignee_id: null,
          p_customer_id: null,
        },
        taken: finds('deals', contains('title'), ['title']),
      },
      p_sort: { refused: refusal('22023', 'unsupported sort') },
      p_after_value: { taken: answers },
    },
    others: [
      'p_amount_min',
      'p_amount_max',
      'p_close_from',
      'p_close_to',
      'p_descending',
      'p_limit',
      'p_offset',
      'p_with_total',
    ],
    call: (space) => ({
      p_workspace_id: space.id,
      p_pipeline_id: space.pipelineId,
      p_stage_id: space.stageIds[0],
      p_assignee_id: space.users.member.id,
      p_customer_id: space.customerId,
      p_sort: 'title',
      p_descending: false,
      p_after_value: '',
      p_after_id: space.dealId,
      ...WHOLE_PAGE,
    }),
  },
  list_tasks: {
    minimum: 'viewer',
    writes: false,
    notFound: noSuch('workspace'),
    ids: { p_workspace_id: 'scope', p_assignee_id: 'filter' },
    texts: {},
    others: [
      'p_done',
      'p_due_before',
      'p_after_due',
      'p_after_undated',
      'p_after_id',
      'p_limit',
    ],
    call: (space) => ({
      p_workspace_id: space.id,
      p_assignee_id: space.users.member.id,
    }),
  },
  list_workspace_members: {
    minimum: 'viewer',
    writes: false,
    notFound: noSuch('workspace'),
    ids: { p_workspace_id: 'scope' },
    texts: {},
    others: [],
    call: (space) => ({ p_workspace_id: space.id }),
  },
  move_deal: {
    minimum: 'member',
    writes: true,
    notFound: noSuch('deal in this workspace'),
    ids: {
      p_workspace_id: 'scope',
      p_deal_id: noSuch('deal in this workspace'),
      p_stage_id: refusal('PT422', 'stage_id is not a stage of this workspace'),
      p_after_id: COLUMN_CHANGED,
      p_before_id: COLUMN_CHANGED,
    },
    texts: {},
    others: ['p_version'],
    call: (space) => ({
      p_workspace_id: space.id,
      p_deal_id: space.dealId,
      p_stage_id: space.stageIds[1],
      p_after_id: space.neighbourIds[0],
      p_before_id: space.neighbourIds[1],
    }),
  },
  pipeline_board: {
    minimum: 'viewer',
    writes: false,
    notFound: noSuch('pipeline in this workspace'),
    ids: {
      p_workspace_id: 'scope',
      p_pipeline_id: noSuch('pipeline in this workspace'),
    },
    texts: {},
    others: ['p_per_stage'],
    call: (space) => ({
      p_workspace_id: space.id,
      p_pipeline_id: space.pipelineId,
    }),
  },
  pipeline_summary: {
    minimum: 'viewer',
    writes: false,
    notFound: noSuch('pipeline in this workspace'),
    ids: {
      p_workspace_id: 'scope',
      p_pipeline_id: noSuch('pipeline in this workspace'),
    },
    texts: {},
    others: ['p_from', 'p_to'],
    call: (space) => ({
      p_workspace_id: space.id,
      p_pipeline_id: space.pipelineId,
      p_from: '2020-01-01T00:00:00Z',
      p_to: '2100-01-01T00:00:00Z',
    }),
  },
  reorder_stages: {
    minimum: 'member',
    writes: true,
    notFound: noSuch('pipeline in this workspace'),
    // As many of another pipeline's stages as this one has: the set is checked, not the count.
    ids: {
      p_pipeline_id: 'scope',
      p_stage_ids: refusal(
        'PT422',
        'stage_ids must list every stage of the pipeline once',
      ),
    },
    texts: {},
    others: [],
    call: (space) => ({
      p_pipeline_id: space.pipelineId,
      p_stage_ids: [...space.stageIds].reverse(),
    }),
    refusals: [
      {
        name: "half this pipeline's stages, half another workspace's",
        as: 'owner',
        args: (own, other) => ({
          p_pipeline_id: own.pipelineId,
          p_stage_ids: [
            ...own.stageIds.slice(0, 3),
            ...other.stageIds.slice(3),
          ],
        }),
        refusal: refusal(
          'PT422',
          'stage_ids must list every stage of the pipeline once',
        ),
      },
      {
        name: 'one stage twice instead of another',
        as: 'owner',
        args: (own) => ({
          p_pipeline_id: own.pipelineId,
          p_stage_ids: [own.stageIds[0], ...own.stageIds.slice(0, -1)],
        }),
        refusal: refusal(
          'PT422',
          'stage_ids must list every stage of the pipeline once',
        ),
      },
    ],
  },
  stage_deals: {
    minimum: 'viewer',
    writes: false,
    notFound: noSuch('stage in this pipeline'),
    ids: {
      p_workspace_id: 'scope',
      p_pipeline_id: noSuch('stage in this pipeline'),
      p_stage_id: noSuch('stage in this pipeline'),
      p_after_id: 'filter',
    },
    texts: { p_after_position: { taken: answers } },
    others: ['p_limit'],
    call: (space) => ({
      p_workspace_id: space.id,
      p_pipeline_id: space.pipelineId,
      p_stage_id: space.stageIds[0],
      p_after_id: space.metaDealId,
    }),
  },
};
