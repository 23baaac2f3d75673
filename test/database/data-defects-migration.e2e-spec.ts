import type { Client } from 'pg';
import {
  databaseBefore,
  type MigrationDatabase,
} from '../support/migration-database';

const DEFECTS = '20261203000300_data_defects.sql';

/**
 * The data-defects migration on a database the defects already marked: what they left behind
 * (a workspace nobody can reach, authors naming deleted accounts, a user without a personal
 * workspace, a personal workspace in someone else's hands) is set right.
 */
describe(`migration ${DEFECTS}`, () => {
  let migration: MigrationDatabase;
  let db: Client;
  const run = (file: string) => migration.run(file);
  const user = async (email: string) =>
    (
      await db.query<{ id: string }>(
        `insert into auth.users (email) values ($1) returning id`,
        [email],
      )
    ).rows[0].id;
  const personalOf = async (userId: string) =>
    (
      await db.query<{ id: string }>(
        'select id from public.workspaces where personal and created_by = $1',
        [userId],
      )
    ).rows.map((r) => r.id);

  beforeAll(async () => {
    migration = await databaseBefore(DEFECTS);
    db = migration.db;
  });

  afterAll(async () => {
    await migration?.drop();
  });

  it('sets right what the defects left behind', async () => {
    // An account deleted while it had written nothing: its personal workspace stayed, with no
    // member, naming it.
    const gone = await user('gone@example.test');
    const [orphan] = await personalOf(gone);
    await db.query('delete from auth.users where id = $1', [gone]);
    // A user who left their personal workspace once another owner shared it.
    const [leaver, heir] = [
      await user('leaver@example.test'),
      await user('heir@example.test'),
    ];
    const [left] = await personalOf(leaver);
    await db.query(
      `insert into public.workspace_members (workspace_id, user_id, role) values ($1, $2, 'owner')`,
      [left, heir],
    );
    await db.query(
      'delete from public.workspace_members where workspace_id = $1 and user_id = $2',
      [left, leaver],
    );
    // A user demoted in their own personal workspace.
    const demoted = await user('demoted@example.test');
    const [kept] = await personalOf(demoted);
    await db.query(
      `insert into public.workspace_members (workspace_id, user_id, role) values ($1, $2, 'owner')`,
      [kept, heir],
    );
    await db.query(
      `update public.workspace_members set role = 'viewer' where workspace_id = $1 and user_id = $2`,
      [kept, demoted],
    );
    expect(
      (
        await db.query(
          'select created_by from public.workspaces where id = $1',
          [orphan],
        )
      ).rows,
    ).toEqual([{ created_by: gone }]);

    await run(DEFECTS);

    expect(
      (
        await db.query('select 1 from public.workspaces where id = $1', [
          orphan,
        ])
      ).rows,
    ).toEqual([]);
    expect(
      (
        await db.query(
          'select personal, created_by from public.workspaces where id = $1',
          [left],
        )
      ).rows,
    ).toEqual([{ personal: false, created_by: leaver }]);
    const [fresh] = await personalOf(leaver);
    expect(fresh).not.toBe(left);
    const roles = await db.query<{ workspace_id: string; role: string }>(
      `select workspace_id, role::text from public.workspace_members
        where user_id = any ($1::uuid[])`,
      [[leaver, demoted]],
    );
    expect(roles.rows).toHaveLength(2);
    expect(roles.rows).toEqual(
      expect.arrayContaining([
        { workspace_id: fresh, role: 'owner' },
        { workspace_id: kept, role: 'owner' },
      ]),
    );
  });
});
