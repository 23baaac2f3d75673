import { createHash, randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { createUser } from './database';
import { accessTokenFor } from './tokens';
import { signedInUser, type TestUser } from './users';

let pool: Pool | undefined;

/** The superuser over a few kept connections: the catalog specs read the truth after each call. */
export async function admin<T extends object = Record<string, unknown>>(
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  pool ??= new Pool({
    connectionString: process.env.DATABASE_ADMIN_URL,
    max: 4,
  });
  return (await pool.query<T>(text, values)).rows;
}

/** Ends the kept connections (each catalog spec, after all). */
export async function closeAdmin(): Promise<void> {
  await pool?.end();
  pool = undefined;
}

/** Workspace roles, lowest first: each includes the ones before it. */
export const ROLES = ['viewer', 'member', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];
export const rank = (role: Role) => ROLES.indexOf(role);

/**
 * SQL and PostgREST metacharacters, alone and in the shapes of an injection. Each is a whole
 * text argument, a tag of the fixtures' "meta" customer, and part of its name. NUL is left out:
 * Postgres text cannot hold it, so every text argument refuses it alike (22P05).
 */
export const METACHARACTERS = [
  `'`,
  `"`,
  `\\`,
  `%`,
  `_`,
  `*`,
  `,`,
  `(`,
  `)`,
  `;`,
  `--`,
  `/*`,
  `' or '1'='1`,
  `x),or(id.neq.0`,
  `%' ; drop table public.customers; --`,
];

/** One workspace of the fixtures, a user of every role in it, and an object of every kind. */
export interface Space {
  id: string;
  users: Record<Role, TestUser>;
  pipelineId: string;
  /** The stages of `pipelineId`, in board order. */
  stageIds: string[];
  /** A pipeline the writing calls add stages to and delete them from, and its first stages. */
  scratchPipelineId: string;
  scratchStageIds: string[];
  customerId: string;
  /** Named with every metacharacter, tagged with each of them. */
  metaCustomerId: string;
  /** In the first stage of `pipelineId`, of `customerId`. */
  dealId: string;
  /** Two cards next to each other in the second stage: a move's neighbours. */
  neighbourIds: [string, string];
  /** Titled with every metacharacter. */
  metaDealId: string;
  noteId: number;
  taskId: number;
  invitationId: string;
  /** A live company that `customerId` is at. */
  companyId: string;
  /** A company named with every metacharacter, tagged with each of them. */
  metaCompanyId: string;
  /** People of the workspace on no deal yet: each insert of a deal contact takes the next. */
  spareCustomerIds: string[];
}

export interface Fixtures {
  a: Space;
  b: Space;
  /** An owner of both workspaces: only the pairing of ids stops a mixed call. */
  bridge: TestUser;
  /** A member of no fixture workspace (it has its own personal one). */
  stranger: TestUser;
  everyone: TestUser[];
}

const insertOne = async <T extends object>(text: string, values: unknown[]) =>
  (await admin<T>(text, values))[0];

/** A stage at the end of a pipeline, its key made as create_stage makes it. */
export async function freshStage(space: Space, withDeal = false) {
  const { id } = await insertOne<{ id: string }>(
    `insert into public.pipeline_stages (workspace_id, pipeline_id, name, position)
     select $1, $2, 'Fresh', private.key_between(max(s.position), null)
       from public.pipeline_stages s where s.pipeline_id = $2
     returning id`,
    [space.id, space.scratchPipelineId],
  );
  if (withDeal)
    await admin(
      `insert into public.deals (workspace_id, pipeline_id, stage_id, title)
       values ($1, $2, $3, 'In a fresh stage')`,
      [space.id, space.scratchPipelineId, id],
    );
  return id;
}

/** A pipeline whose only deal is deleted (restorable): deleting it needs `move_to`. */
export async function pipelineWithDeletedDeal(space: Space) {
  const { id } = await insertOne<{ id: string }>(
    `select private.create_default_pipeline($1, 'Doomed') as id`,
    [space.id],
  );
  await admin(
    `insert into public.deals (workspace_id, pipeline_id, stage_id, title, deleted_at)
     select $1, $2, s.id, 'Deleted deal', now() from public.pipeline_stages s
      where s.pipeline_id = $2 order by s.position limit 1`,
    [space.id, id],
  );
  return id;
}

/** A deleted company of the workspace: nothing may link to it any more. */
export async function deletedCompany(space: Space) {
  const { id } = await insertOne<{ id: string }>(
    `insert into public.companies (workspace_id, name, deleted_at)
     values ($1, 'Deleted company', now()) returning id`,
    [space.id],
  );
  return id;
}

/** A pending invitation to `email`, and its token (shown once, stored hashed). */
export async function invitationFor(space: Space, email: string) {
  const token = randomBytes(32).toString('hex');
  const { id } = await insertOne<{ id: string }>(
    `insert into public.workspace_invitations (workspace_id, email, role, invited_by, token_hash)
     values ($1, $2, 'viewer', $3, $4) returning id`,
    [
      space.id,
      email,
      space.users.owner.id,
      createHash('sha256').update(token).digest('hex'),
    ],
  );
  return { id, token };
}

/** A signed-in user nobody has seen: for calls any signed-in user may make. */
export const newcomer = () => signedInUser();

async function buildSpace(label: string): Promise<Space> {
  const users = {} as Record<Role, TestUser>;
  for (const role of ROLES) users[role] = await signedInUser();
  const { id } = await insertOne<{ id: string }>(
    `insert into public.workspaces (name, created_by) values ($1, $2) returning id`,
    [`Catalog ${label}`, users.owner.id],
  );
  await admin(
    `insert into public.workspace_members (workspace_id, user_id, role)
     select $1, u, r::public.workspace_role from unnest($2::uuid[], $3::text[]) as m(u, r)`,
    [id, ROLES.map((r) => users[r].id), [...ROLES]],
  );
  const [{ pipeline_id, stage_ids }] = await admin<{
    pipeline_id: string;
    stage_ids: string[];
  }>(
    `select p.id as pipeline_id,
            array(select s.id from public.pipeline_stages s where s.pipeline_id = p.id
                   order by s.position) as stage_ids
       from public.pipelines p where p.workspace_id = $1`,
    [id],
  );
  const { scratch } = await insertOne<{ scratch: string }>(
    `select private.create_default_pipeline($1, 'Scratch') as scratch`,
    [id],
  );
  const scratchStageIds = (
    await admin<{ id: string }>(
      `select s.id from public.pipeline_stages s where s.pipeline_id = $1 order by s.position`,
      [scratch],
    )
  ).map((s) => s.id);
  const meta = METACHARACTERS.join(' ');
  const [customer, metaCustomer] = await admin<{ id: string }>(
    `insert into public.customers (workspace_id, name, email, tags, created_by)
     values ($1, 'Plain customer', 'plain@example.test', '{}', $3),
            ($1, 'Meta ' || $2, 'meta@example.test', $4, $3)
     returning id`,
    [id, meta, users.owner.id, METACHARACTERS],
  );
  const [deal, metaDeal, before, after] = await admin<{ id: string }>(
    `insert into public.deals (workspace_id, pipeline_id, stage_id, title, customer_id, created_by)
     values ($1, $2, $3, 'Plain deal', $4, $6), ($1, $2, $3, 'Meta ' || $5, null, $6),
            ($1, $2, $7, 'Upper neighbour', null, $6), ($1, $2, $7, 'Lower neighbour', null, $6)
     returning id`,
    [
      id,
      pipeline_id,
      stage_ids[0],
      customer.id,
      meta,
      users.owner.id,
      stage_ids[1],
    ],
  );
  const { id: companyId } = await insertOne<{ id: string }>(
    `insert into public.companies (workspace_id, name, domain, created_by)
     values ($1, 'Plain company', $2, $3) returning id`,
    [id, `plain-${label.toLowerCase()}.example`, users.owner.id],
  );
  const { id: metaCompanyId } = await insertOne<{ id: string }>(
    `insert into public.companies (workspace_id, name, industry, tags, created_by)
     values ($1, 'Meta ' || $2, 'Meta', $3, $4) returning id`,
    [id, meta, METACHARACTERS, users.owner.id],
  );
  await admin('update public.customers set company_id = $2 where id = $1', [
    customer.id,
    companyId,
  ]);
  const spareCustomerIds = (
    await admin<{ id: string }>(
      `insert into public.customers (workspace_id, name, created_by)
       select $1, 'Spare ' || n, $2 from generate_series(1, 12) as n returning id`,
      [id, users.owner.id],
    )
  ).map((c) => c.id);
  const [note, task] = await admin<{ id: string }>(
    `insert into public.activities (workspace_id, customer_id, kind, body, actor_id, assignee_id)
     values ($1, $2, 'note', 'A note', $3, null), ($1, $2, 'task', 'A task', $3, $4)
     returning id`,
    [id, customer.id, users.owner.id, users.member.id],
  );
  const space: Omit<Space, 'invitationId'> = {
    id,
    users,
    pipelineId: pipeline_id,
    stageIds: stage_ids,
    scratchPipelineId: scratch,
    scratchStageIds,
    customerId: customer.id,
    metaCustomerId: metaCustomer.id,
    dealId: deal.id,
    neighbourIds: [before.id, after.id],
    metaDealId: metaDeal.id,
    noteId: Number(note.id),
    taskId: Number(task.id),
    companyId,
    metaCompanyId,
    spareCustomerIds,
  };
  const invitation = await invitationFor(
    { ...space, invitationId: '' },
    `invitee-${label.toLowerCase()}-${id}@example.test`,
  );
  return { ...space, invitationId: invitation.id };
}

/** Two workspaces with every role and an object of every kind, a user in both, a stranger. */
export async function buildFixtures(): Promise<Fixtures> {
  const [a, b] = [await buildSpace('A'), await buildSpace('B')];
  const created = await createUser();
  const bridge: TestUser = {
    ...created,
    token: await accessTokenFor(created.id, { email: created.email }),
    headers: { authorization: '' },
    customers: '',
  };
  bridge.headers.authorization = `Bearer ${bridge.token}`;
  bridge.customers = `/api/v1/workspaces/${bridge.workspaceId}/customers`;
  await admin(
    `insert into public.workspace_members (workspace_id, user_id, role)
     values ($1, $3, 'owner'), ($2, $3, 'owner')`,
    [a.id, b.id, bridge.id],
  );
  const stranger = await signedInUser();
  return {
    a,
    b,
    bridge,
    stranger,
    everyone: [
      ...Object.values(a.users),
      ...Object.values(b.users),
      bridge,
      stranger,
    ],
  };
}

/**
 * Every row of every workspace the fixtures' users belong to, in each table given (by the
 * column naming its workspace), as one hash: equal before and after a batch of refused calls
 * means none of them wrote.
 */
export async function digest(
  fixtures: Fixtures,
  tables: { name: string; workspace: string }[],
): Promise<string> {
  const rows = tables.map(
    ({ name, workspace }) =>
      `(select string_agg(t::text, ',' order by t::text) from public.${name} t, scope
         where t.${workspace} = any (scope.ids))`,
  );
  const [{ digest: hash }] = await admin<{ digest: string }>(
    `with scope as (
       select array_agg(distinct m.workspace_id order by m.workspace_id) as ids
         from public.workspace_members m where m.user_id = any ($1::uuid[]))
     select md5(concat_ws('|', (select ids::text from scope), ${rows.join(', ')},
       (select count(*)::text from public.workspaces t where t.created_by = any ($1::uuid[]))
     )) as digest`,
    [fixtures.everyone.map((u) => u.id)],
  );
  return hash;
}

/** Runs `tasks` with at most `width` at once (the stack runs on two cores). */
export async function inParallel<T>(
  tasks: (() => Promise<T>)[],
  width = 6,
): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}
