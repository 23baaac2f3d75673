// The data bench/run.mts measures against: one workspace of 100,000 customers shared by 50
// members, 1,000 in another, 20,000 more over 2,000 workspaces of skewed sizes.
import type pg from 'pg';

export interface BenchWorkspaces {
  /** Owner of the big workspace. */
  bigOwner: string;
  /** Its 49 members (owner excluded). */
  bigMembers: string[];
  bigWorkspace: string;
}

/**
 * Seeds the workspaces. `quick` loads the customers without their triggers (the activity entries
 * each insert writes, the timestamps the database pins): the hot path reads neither, and they take
 * most of the seeding time. Full mode keeps them: the timeline figures start from those entries.
 */
export async function seedWorkspaces(
  db: pg.Client,
  quick: boolean,
  log: (line: string) => void,
): Promise<BenchWorkspaces> {
  log(
    'seeding: a workspace of 100,000 customers shared by 50 members, 1,000 in another, 20,000 over 2,000 more of skewed sizes',
  );
  const users = await db.query<{ id: string }>(
    `insert into auth.users (email) select 'bench-' || i || '@example.test' from generate_series(1, 2051) i returning id`,
  );
  const ids = users.rows.map((r) => r.id);
  const [bigOwner, listOwner] = ids;
  const bigMembers = ids.slice(2, 51);
  const others = ids.slice(51);
  // Each user has a personal workspace from sign-up (the trigger on auth.users).
  const personal = async (user: string) =>
    (
      await db.query<{ id: string }>(
        'select id from public.workspaces where personal and created_by = $1',
        [user],
      )
    ).rows[0].id;
  const bigWorkspace = (
    await db.query<{ id: string }>(
      `insert into public.workspaces (name, created_by) values ('Big team', $1) returning id`,
      [bigOwner],
    )
  ).rows[0].id;
  await db.query(
    `insert into public.workspace_members (workspace_id, user_id, role)
     select $1, u, case when u = $2 then 'owner' else 'member' end::public.workspace_role
       from unnest($3::uuid[]) u`,
    [bigWorkspace, bigOwner, [bigOwner, ...bigMembers]],
  );
  const listWorkspace = await personal(listOwner);
  await db.query('begin');
  if (quick) await db.query('set local session_replication_role = replica');
  const companies = (
    await db.query<{ id: string }>(
      `insert into public.companies (workspace_id, created_by, name)
       select $1::uuid, $2::uuid, 'Company ' || i from generate_series(1, 997) i returning id`,
      [bigWorkspace, bigOwner],
    )
  ).rows.map((c) => c.id);
  await db.query(
    `insert into public.customers (workspace_id, created_by, name, email, company_id, status, created_at)
     select $1::uuid, $2::uuid, 'Person ' || i, 'person' || i || '@example.test', ($3::uuid[])[1 + i % 997],
            (array['lead','prospect','active','inactive'])[1 + i % 4], now() - i * interval '1 second'
       from generate_series(1, 100000) i`,
    [bigWorkspace, bigOwner, companies],
  );
  await db.query(
    `insert into public.customers (workspace_id, created_by, name, email, created_at)
     select $1::uuid, $2::uuid, 'Client ' || i, 'client' || i || '@example.test', now() - i * interval '1 minute'
       from generate_series(1, 1000) i`,
    [listWorkspace, listOwner],
  );
  // Skewed: a few workspaces hold most of these rows, most hold one or two.
  await db.query(
    `insert into public.customers (workspace_id, name)
     select w.ids[1 + floor(power(random(), 3) * array_length(w.ids, 1))::int], 'Other ' || i
       from generate_series(1, 20000) i,
            (select array_agg(id) as ids from public.workspaces
              where personal and created_by = any ($1::uuid[])) w`,
    [others],
  );
  await db.query('commit');
  await db.query('analyze public.customers');
  return { bigOwner, bigMembers, bigWorkspace };
}
