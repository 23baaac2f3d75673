import type { Client } from 'pg';
import {
  databaseBefore,
  type MigrationDatabase,
} from '../support/migration-database';

const WORKSPACES = '20261126010000_workspaces.sql';

/**
 * The workspaces migration on a database filled under the migrations before it: every customer
 * moves into its owner's personal workspace, losing no row and no field.
 */
describe(`migration ${WORKSPACES}`, () => {
  let migration: MigrationDatabase;
  let db: Client;
  const run = (file: string) => migration.run(file);

  beforeAll(async () => {
    migration = await databaseBefore(WORKSPACES);
    db = migration.db;
  });

  afterAll(async () => {
    await migration?.drop();
  });

  it('moves every customer into its owner’s personal workspace, every field kept', async () => {
    const { rows: users } = await db.query<{ id: string }>(
      `insert into auth.users (email)
       select 'owner' || i || '@example.test' from generate_series(1, 3) i returning id`,
    );
    // A user with no customer at all gets a workspace too.
    await db.query(
      `insert into auth.users (email) values ('nobody@example.test')`,
    );
    await db.query(
      `insert into public.customers
         (owner_id, name, email, phone, company, status, tags, notes, created_at, updated_at, deleted_at)
       select u.id, 'Customer ' || u.n || '-' || i, 'c' || u.n || '-' || i || '@example.test',
              '+1 555 0' || i, 'Company ' || i, (array['lead','prospect','active','inactive'])[1 + i % 4],
              case when i % 2 = 0 then array['vip', 'n' || i] else '{}' end,
              case when i % 3 = 0 then 'Note ' || i end,
              '2026-01-01T00:00:00.123456Z'::timestamptz + i * interval '1 hour',
              '2026-02-01T00:00:00.654321Z'::timestamptz + i * interval '1 hour',
              case when i % 5 = 0 then '2026-03-01T00:00:00Z'::timestamptz end
         from (select id, row_number() over (order by id) as n from auth.users
                where email like 'owner%') u,
              generate_series(1, 7) i`,
    );
    const before = await db.query<{ id: string; row: Record<string, unknown> }>(
      `select id, to_jsonb(c) - 'owner_id' as row, owner_id from public.customers c order by id`,
    );
    expect(before.rows).toHaveLength(users.length * 7);

    await run(WORKSPACES);

    const personal = await db.query<{ user_id: string; workspace_id: string }>(
      `select m.user_id, m.workspace_id
         from public.workspace_members m
         join public.workspaces w on w.id = m.workspace_id
        where w.personal and m.role = 'owner' and w.created_by = m.user_id`,
    );
    expect(personal.rows).toHaveLength(4);
    const workspaceOf = new Map(
      personal.rows.map((r) => [r.user_id, r.workspace_id]),
    );
    const after = await db.query<{
      id: string;
      row: Record<string, unknown>;
      workspace_id: string;
      created_by: string;
    }>(
      `select id, to_jsonb(c) - 'workspace_id' - 'created_by' as row, workspace_id, created_by
         from public.customers c order by id`,
    );
    expect(after.rows.map((r) => r.id)).toEqual(before.rows.map((r) => r.id));
    before.rows.forEach((old, i) => {
      const now = after.rows[i];
      const owner = (old as unknown as { owner_id: string }).owner_id;
      expect(now.row).toEqual(old.row);
      expect(now.created_by).toBe(owner);
      expect(now.workspace_id).toBe(workspaceOf.get(owner));
    });
  });
});
