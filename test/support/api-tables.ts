import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createUser } from './database';
import {
  admin,
  freshStage,
  invitationFor,
  type Role,
  type Space,
} from './catalog-fixtures';
import type { Args, Refusal } from './api-surface-shape';
import type { TestUser } from './users';

/** The lowest workspace role that may run a command on a row, or nobody at all. */
export type Command = 'select' | 'insert' | 'update' | 'delete';
export type TableMinimum = Role | 'nobody';

/**
 * A table of the exposed schema, declared (test/database/catalog-tables.e2e-spec.ts): who may
 * run each command on a row of their workspace, and what refuses another workspace's objects.
 */
export interface TableSurface {
  /** The column naming a row's workspace (the id, for workspaces). */
  workspace: string;
  /** The columns that name one row. */
  key: string[];
  /** Its policies by name: a new policy is a new rule to try. */
  policies: string[];
  minimum: Record<Command, TableMinimum>;
  /** A row as a client of `space` inserts one. */
  row(space: Space, caller: TestUser): Args;
  /** What an update tries. */
  change: Args;
  /** A new row of `space` (written as the superuser) for `caller`, holding `role` there, to change. */
  target(space: Space, caller: TestUser, role: Role | null): Promise<Args>;
  /** Columns naming another object, and the rule that refuses one of another workspace. */
  references?: Record<string, Refusal>;
}

const spareTaken = new Map<string, number>();
const nextSpare = (space: Space) => {
  const n = spareTaken.get(space.id) ?? 0;
  spareTaken.set(space.id, n + 1);
  return n % space.spareCustomerIds.length;
};

const returning = async (text: string, values: unknown[]) =>
  (await admin<Args>(text, values))[0];

const OTHER_CUSTOMER: Refusal = {
  code: 'PT422',
  message: 'the customer is not one of this workspace',
};
const NOT_A_MEMBER: Refusal = {
  code: 'PT422',
  message: 'the assignee is not a member of this workspace',
};
const OTHER_COMPANY: Refusal = {
  code: 'PT422',
  message: 'no such company in this workspace',
};
const OTHER_STAGE: Refusal = {
  code: '23503',
  message:
    'insert or update on table "deals" violates foreign key constraint "deals_workspace_id_pipeline_id_stage_id_fkey"',
};

export const TABLES: Record<string, TableSurface> = {
  activities: {
    workspace: 'workspace_id',
    key: ['id'],
    policies: [
      'activities_insert',
      'activities_select',
      'activities_select_live_feed',
      'activities_update',
    ],
    // Update: entries people wrote, by their author (the target is the caller's own).
    minimum: {
      select: 'viewer',
      insert: 'member',
      update: 'member',
      delete: 'nobody',
    },
    row: (space) => ({
      workspace_id: space.id,
      customer_id: space.customerId,
      kind: 'task',
      body: 'Inserted',
      assignee_id: space.users.member.id,
    }),
    change: { body: 'Changed' },
    target: (space, caller) =>
      returning(
        `insert into public.activities (workspace_id, customer_id, kind, body, actor_id)
         values ($1, $2, 'task', 'Target', $3) returning id`,
        [space.id, space.customerId, caller.id],
      ),
    references: {
      customer_id: {
        code: 'PT404',
        message: 'no such customer in this workspace',
      },
      assignee_id: NOT_A_MEMBER,
    },
  },
  companies: {
    workspace: 'workspace_id',
    key: ['id'],
    policies: ['companies_insert', 'companies_select', 'companies_update'],
    minimum: {
      select: 'viewer',
      insert: 'member',
      update: 'member',
      delete: 'nobody',
    },
    row: (space) => ({ workspace_id: space.id, name: 'Inserted' }),
    change: { notes: 'Changed' },
    target: (space, caller) =>
      returning(
        `insert into public.companies (workspace_id, name, created_by)
         values ($1, 'Target', $2) returning id`,
        [space.id, caller.id],
      ),
  },
  customers: {
    workspace: 'workspace_id',
    key: ['id'],
    policies: ['customers_insert', 'customers_select', 'customers_update'],
    minimum: {
      select: 'viewer',
      insert: 'member',
      update: 'member',
      delete: 'nobody',
    },
    row: (space) => ({
      workspace_id: space.id,
      name: 'Inserted',
      company_id: space.companyId,
    }),
    change: { notes: 'Changed' },
    target: (space, caller) =>
      returning(
        `insert into public.customers (workspace_id, name, created_by)
         values ($1, 'Target', $2) returning id`,
        [space.id, caller.id],
      ),
    references: { company_id: OTHER_COMPANY },
  },
  deal_contacts: {
    workspace: 'workspace_id',
    key: ['deal_id', 'customer_id'],
    policies: [
      'deal_contacts_delete',
      'deal_contacts_insert',
      'deal_contacts_select',
      'deal_contacts_update',
    ],
    minimum: {
      select: 'viewer',
      insert: 'member',
      update: 'member',
      delete: 'member',
    },
    // Each insert puts the next spare person on the deal (a pair is on a deal once).
    row: (space) => ({
      workspace_id: space.id,
      deal_id: space.dealId,
      customer_id: space.spareCustomerIds[nextSpare(space)],
      role: 'champion',
    }),
    change: { role: 'decision_maker' },
    target: async (space, caller) => {
      const person = await returning(
        `insert into public.customers (workspace_id, name, created_by)
         values ($1, 'Contact', $2) returning id`,
        [space.id, caller.id],
      );
      return returning(
        `insert into public.deal_contacts (workspace_id, deal_id, customer_id, role, created_by)
         values ($1, $2, $3, 'user', $4) returning deal_id, customer_id`,
        [space.id, space.dealId, person.id, caller.id],
      );
    },
    references: {
      deal_id: { code: 'PT404', message: 'no such deal in this workspace' },
      customer_id: {
        code: 'PT422',
        message: 'the customer is not a live one of this workspace',
      },
    },
  },
  deal_stage_history: {
    workspace: 'workspace_id',
    key: ['id'],
    policies: ['deal_stage_history_select'],
    minimum: {
      select: 'viewer',
      insert: 'nobody',
      update: 'nobody',
      delete: 'nobody',
    },
    row: (space) => ({
      workspace_id: space.id,
      deal_id: space.dealId,
      to_stage_id: space.stageIds[2],
    }),
    change: { to_stage_id: null },
    target: async (space) => {
      const deal = await returning(
        `insert into public.deals (workspace_id, pipeline_id, stage_id, title)
         values ($1, $2, $3, 'Target') returning id`,
        [space.id, space.pipelineId, space.stageIds[2]],
      );
      return returning(
        'select h.id from public.deal_stage_history h where h.deal_id = $1',
        [deal.id],
      );
    },
  },
  deals: {
    workspace: 'workspace_id',
    key: ['id'],
    policies: ['deals_insert', 'deals_select', 'deals_update'],
    minimum: {
      select: 'viewer',
      insert: 'member',
      update: 'member',
      delete: 'nobody',
    },
    row: (space) => ({
      workspace_id: space.id,
      pipeline_id: space.pipelineId,
      stage_id: space.stageIds[2],
      title: 'Inserted',
      customer_id: space.customerId,
      company_id: space.companyId,
      assignee_id: space.users.member.id,
    }),
    change: { title: 'Changed' },
    target: (space, caller) =>
      returning(
        `insert into public.deals (workspace_id, pipeline_id, stage_id, title, created_by)
         values ($1, $2, $3, 'Target', $4) returning id`,
        [space.id, space.pipelineId, space.stageIds[2], caller.id],
      ),
    references: {
      stage_id: OTHER_STAGE,
      pipeline_id: OTHER_STAGE,
      customer_id: OTHER_CUSTOMER,
      company_id: OTHER_COMPANY,
      assignee_id: NOT_A_MEMBER,
    },
  },
  pipeline_stages: {
    workspace: 'workspace_id',
    key: ['id'],
    policies: ['pipeline_stages_select', 'pipeline_stages_update'],
    minimum: {
      select: 'viewer',
      insert: 'nobody',
      update: 'member',
      delete: 'nobody',
    },
    row: (space) => ({
      workspace_id: space.id,
      pipeline_id: space.scratchPipelineId,
      name: 'Inserted',
      position: 'zz',
    }),
    change: { name: 'Changed' },
    target: async (space) => ({ id: await freshStage(space) }),
  },
  pipelines: {
    workspace: 'workspace_id',
    key: ['id'],
    policies: ['pipelines_select', 'pipelines_update'],
    minimum: {
      select: 'viewer',
      insert: 'nobody',
      update: 'member',
      delete: 'nobody',
    },
    row: (space) => ({ workspace_id: space.id, name: 'Inserted', position: 7 }),
    change: { name: 'Changed' },
    target: (space) =>
      returning(
        `insert into public.pipelines (workspace_id, name, position)
         values ($1, 'Target', 1000) returning id`,
        [space.id],
      ),
  },
  workspace_invitations: {
    workspace: 'workspace_id',
    key: ['id'],
    policies: ['workspace_invitations_select', 'workspace_invitations_update'],
    // Update: revoking (a trigger allows no other change).
    minimum: {
      select: 'admin',
      insert: 'nobody',
      update: 'admin',
      delete: 'nobody',
    },
    row: (space) => ({
      workspace_id: space.id,
      email: `${randomUUID()}@example.test`,
      role: 'viewer',
      token_hash: createHash('sha256').update(randomBytes(8)).digest('hex'),
    }),
    change: { revoked_at: '2030-01-01T00:00:00Z' },
    target: async (space) => ({
      id: (await invitationFor(space, `${randomUUID()}@example.test`)).id,
    }),
  },
  workspace_members: {
    workspace: 'workspace_id',
    key: ['workspace_id', 'user_id'],
    policies: [
      'workspace_members_delete',
      'workspace_members_select',
      'workspace_members_select_live_feed',
      'workspace_members_update',
    ],
    // Another member's row, a viewer's; leaving (one's own row) and owners are tried apart
    // (test/workspaces/admins-and-owners.e2e-spec.ts).
    minimum: {
      select: 'viewer',
      insert: 'nobody',
      update: 'admin',
      delete: 'admin',
    },
    row: (space, caller) => ({
      workspace_id: space.id,
      user_id: caller.id,
      role: 'owner',
    }),
    change: { role: 'member' },
    target: async (space) => {
      const { id } = await createUser();
      return returning(
        `insert into public.workspace_members (workspace_id, user_id, role)
         values ($1, $2, 'viewer') returning workspace_id, user_id`,
        [space.id, id],
      );
    },
  },
  workspaces: {
    workspace: 'id',
    key: ['id'],
    policies: ['workspaces_delete', 'workspaces_select', 'workspaces_update'],
    minimum: {
      select: 'viewer',
      insert: 'nobody',
      update: 'admin',
      delete: 'owner',
    },
    row: () => ({ name: 'Inserted' }),
    change: { name: 'Changed' },
    // A workspace of its own per attempt, the caller in it with the role tried.
    target: async (space, caller, role) => {
      const workspace = await returning(
        `insert into public.workspaces (name, created_by) values ('Target', $1) returning id`,
        [space.users.owner.id],
      );
      await admin(
        `insert into public.workspace_members (workspace_id, user_id, role)
         select $1, u, r::public.workspace_role
           from unnest($2::uuid[], $3::text[]) as m(u, r)`,
        [
          workspace.id,
          ...(role && caller.id !== space.users.owner.id
            ? [
                [space.users.owner.id, caller.id],
                ['owner', role],
              ]
            : [[space.users.owner.id], ['owner']]),
        ],
      );
      return workspace;
    },
  },
};
