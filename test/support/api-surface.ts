import { randomUUID } from 'node:crypto';
import {
  answeredNew,
  answers,
  badEnum,
  contains,
  echoed,
  email,
  finds,
  noSuch,
  refusal,
  WHOLE_PAGE,
  type FunctionSurface,
} from './api-surface-shape';
import { DUPLICATE_FUNCTIONS } from './api-surface-duplicates';
import { MERGE_FUNCTIONS } from './api-surface-merges';
import { PIPELINE_FUNCTIONS } from './api-surface-pipeline';
import { COMPANY_FUNCTIONS } from './api-surface-companies';
import { deletedCompany, invitationFor } from './catalog-fixtures';

/**
 * What the data API serves, declared: for every function, who may call it, which argument
 * names which object and what refuses another workspace's, how every text argument is taken;
 * for every table (test/support/api-tables.ts), who may run each command. The catalog specs
 * (test/database/catalog-*.e2e-spec.ts) read the live catalog and fail on anything served and
 * not declared here, or declared and gone: a new function or table ships tried. The shapes and
 * the shared answers are in api-surface-shape.ts; the pipeline's functions in
 * api-surface-pipeline.ts.
 */
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
      'p_customer.company_id': {
        refused: (text) =>
          refusal('22P02', `invalid input syntax for type uuid: "${text}"`),
      },
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
        company_id: space.companyId,
      },
      p_idempotency_key: randomUUID(),
      p_request_hash: 'catalog',
    }),
    refusals: [
      {
        name: "another workspace's company",
        as: 'member',
        args: (own, other) => ({
          p_workspace_id: own.id,
          p_customer: { name: 'Elsewhere', company_id: other.companyId },
        }),
        refusal: refusal('PT422', 'no such company in this workspace'),
      },
      {
        name: 'a deleted company',
        as: 'member',
        args: async (own) => ({
          p_workspace_id: own.id,
          p_customer: { name: 'Gone', company_id: await deletedCompany(own) },
        }),
        refusal: refusal(
          'PT422',
          'the company is deleted: restore it before linking to it',
        ),
      },
    ],
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
  create_workspace: {
    minimum: 'signed-in',
    writes: true,
    ids: {},
    texts: { p_name: { taken: echoed('name') } },
    others: [],
    call: () => ({ p_name: 'Catalog workspace' }),
  },
  list_activities: {
    minimum: 'viewer',
    writes: false,
    notFound: noSuch('workspace'),
    ids: {
      p_workspace_id: 'scope',
      p_customer_id: noSuch('customer in this workspace'),
      p_deal_id: noSuch('deal in this workspace'),
      p_company_id: noSuch('company in this workspace'),
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
      p_company_id: space.companyId,
      p_actor_id: space.users.owner.id,
      p_kinds: ['note', 'task'],
    }),
  },
  list_customers: {
    minimum: 'viewer',
    writes: false,
    notFound: noSuch('workspace'),
    ids: {
      p_workspace_id: 'scope',
      p_company_id: 'filter',
      p_after_id: 'filter',
    },
    texts: {
      p_status: {
        value: (text) => [text],
        refused: refusal('22023', 'a filter is out of bounds'),
      },
      p_tag: { taken: finds('customers', 't.tags @> array[$2]', ['tags']) },
      p_search: {
        taken: finds(
          'customers',
          `(${contains('name')} or ${contains('email')})`,
          ['name', 'email'],
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
  ...PIPELINE_FUNCTIONS,
  ...COMPANY_FUNCTIONS,
  ...MERGE_FUNCTIONS,
  ...DUPLICATE_FUNCTIONS,
};
