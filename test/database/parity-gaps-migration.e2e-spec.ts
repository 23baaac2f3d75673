import type { Client } from 'pg';
import {
  databaseBefore,
  type MigrationDatabase,
} from '../support/migration-database';

const PARITY = '20261203000400_parity_gaps.sql';

/**
 * The parity migration on a database where PostgREST already let dates through that the API
 * refuses: it runs, those dates become null (and the change is on the timeline), the rest stay.
 */
describe(`migration ${PARITY}`, () => {
  let migration: MigrationDatabase;
  let db: Client;

  beforeAll(async () => {
    migration = await databaseBefore(PARITY);
    db = migration.db;
  });

  afterAll(async () => {
    await migration?.drop();
  });

  it('clears the dates outside the years 1000 to 9999 before it holds them there', async () => {
    const { rows: users } = await db.query<{ id: string }>(
      `insert into auth.users (email) values ('dates@example.test') returning id`,
    );
    const { rows: stages } = await db.query<{
      workspace_id: string;
      pipeline_id: string;
      id: string;
    }>(
      `select s.workspace_id, s.pipeline_id, s.id from public.pipeline_stages s
         join public.workspaces w on w.id = s.workspace_id
        where w.created_by = $1 order by s.position limit 1`,
      [users[0].id],
    );
    const stage = stages[0];
    const deal = async (date: string) =>
      (
        await db.query<{ id: string }>(
          `insert into public.deals (workspace_id, pipeline_id, stage_id, title, expected_close_date)
           values ($1, $2, $3, 'Dated', $4) returning id`,
          [stage.workspace_id, stage.pipeline_id, stage.id, date],
        )
      ).rows[0].id;
    const task = async (due: string) =>
      (
        await db.query<{ id: string }>(
          `insert into public.activities (workspace_id, deal_id, kind, body, due_at)
           values ($1, $2, 'task', 'Dated', $3) returning id::text`,
          [stage.workspace_id, kept, due],
        )
      ).rows[0].id;
    const kept = await deal('2027-03-31');
    const dates = {
      infinite: await deal('infinity'),
      bc: await deal('4713-01-01 BC'),
      early: await deal('0999-12-31'),
    };
    const dues = {
      kept: await task('2027-03-31T12:00:00Z'),
      infinite: await task('infinity'),
      negative: await task('-infinity'),
      late: await task('10000-01-01T00:00:00Z'),
    };

    await migration.run(PARITY);

    const { rows: deals } = await db.query<{
      id: string;
      expected_close_date: string | null;
    }>(
      `select id, expected_close_date::text from public.deals where id = any ($1::uuid[])`,
      [[kept, ...Object.values(dates)]],
    );
    expect(
      Object.fromEntries(deals.map((d) => [d.id, d.expected_close_date])),
    ).toEqual({
      [kept]: '2027-03-31',
      [dates.infinite]: null,
      [dates.bc]: null,
      [dates.early]: null,
    });
    const { rows: tasks } = await db.query<{ id: string; due: string | null }>(
      `select id::text, to_char(due_at at time zone 'UTC', 'YYYY-MM-DD') as due
         from public.activities where id = any ($1::bigint[])`,
      [Object.values(dues)],
    );
    expect(Object.fromEntries(tasks.map((t) => [t.id, t.due]))).toEqual({
      [dues.kept]: '2027-03-31',
      [dues.infinite]: null,
      [dues.negative]: null,
      [dues.late]: null,
    });
    const { rows: recorded } = await db.query(
      `select deal_id from public.activities
        where kind = 'updated' and payload->'changes' ? 'expected_close_date'`,
    );
    expect(recorded).toHaveLength(3);
    await expect(
      db.query(
        `update public.deals set expected_close_date = 'infinity' where id = $1`,
        [kept],
      ),
    ).rejects.toMatchObject({
      code: '23514',
      constraint: 'deals_expected_close_date_within_years',
    });
  });
});
