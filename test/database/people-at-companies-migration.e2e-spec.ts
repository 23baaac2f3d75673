import type { Client } from 'pg';
import {
  databaseBefore,
  type MigrationDatabase,
} from '../support/migration-database';

const PEOPLE = '20261203000600_people_at_companies.sql';

interface Before {
  id: string;
  workspace_id: string;
  company: string | null;
  row: Record<string, unknown>;
}

/**
 * The people-at-companies migration on a database filled under the migrations before it: the
 * free-text companies become one company per workspace and folded name, every customer that
 * named one is linked to it, its timeline keeps the text, and nothing else about it changes.
 */
describe(`migration ${PEOPLE}`, () => {
  let migration: MigrationDatabase;
  let db: Client;

  beforeAll(async () => {
    migration = await databaseBefore(PEOPLE);
    db = migration.db;
  });

  afterAll(async () => {
    await migration?.drop();
  });

  it('turns each folded name into one company, links its people and keeps their text', async () => {
    const { rows: users } = await db.query<{ id: string }>(
      `insert into auth.users (email)
       values ('first@example.test'), ('second@example.test') returning id`,
    );
    const { rows: spaces } = await db.query<{ id: string; created_by: string }>(
      `select id, created_by from public.workspaces where created_by = any ($1::uuid[])
        order by array_position($1::uuid[], created_by)`,
      [users.map((u) => u.id)],
    );
    const [one, two] = spaces;
    // [workspace, author, name, company, minutes old, deleted]
    const people: [string, string, string, string | null, number, boolean][] = [
      [one.id, users[1].id, 'Oldest acme', '  acme ', 60, false],
      [one.id, users[0].id, 'Upper acme', 'ACME', 50, true],
      [one.id, users[0].id, 'Proper acme', 'Acme', 40, false],
      [one.id, users[0].id, 'Proper again', '\tAcme\n', 30, false],
      [one.id, users[1].id, 'Tied first', 'Tie Ltd', 20, false],
      [one.id, users[0].id, 'Tied second', 'TIE LTD', 19, false],
      [one.id, users[0].id, 'Blank', '   ', 10, false],
      [one.id, users[0].id, 'Empty', '', 9, false],
      [one.id, users[0].id, 'None', null, 8, false],
      [two.id, users[1].id, 'Elsewhere', 'acme', 5, true],
    ];
    for (const [workspace, author, name, company, age, deleted] of people) {
      await db.query(
        `insert into public.customers
           (workspace_id, created_by, name, company, created_at, updated_at, deleted_at)
         values ($1, $2, $3, $4, now() - $5 * interval '1 minute',
                 now() - $5 * interval '1 minute' + interval '1.5 second',
                 case when $6 then now() end)`,
        [workspace, author, name, company, age, deleted],
      );
    }
    const spaceIds = [one.id, two.id];
    const before = await db.query<Before>(
      `select id, workspace_id, company, to_jsonb(c) - 'company' - 'company_id' as row
         from public.customers c where workspace_id = any ($1::uuid[]) order by id`,
      [spaceIds],
    );
    const entriesBefore = await db.query<{ id: string }>(
      `select id::text from public.activities where workspace_id = any ($1::uuid[])`,
      [spaceIds],
    );

    await migration.run(PEOPLE);

    const { rows: companies } = await db.query<{
      id: string;
      workspace_id: string;
      name: string;
      created_by: string | null;
    }>(
      `select id, workspace_id, name, created_by from public.companies
        where workspace_id = any ($1::uuid[]) order by workspace_id = $2 desc, name`,
      [spaceIds, one.id],
    );
    // The most frequent spelling names it; of two equally frequent, the earlier one.
    expect(
      companies.map(({ workspace_id, name, created_by }) => ({
        workspace_id,
        name,
        created_by,
      })),
    ).toEqual([
      { workspace_id: one.id, name: 'Acme', created_by: users[1].id },
      { workspace_id: one.id, name: 'Tie Ltd', created_by: users[1].id },
      { workspace_id: two.id, name: 'acme', created_by: users[1].id },
    ]);
    const companyNamed = (workspace: string, name: string) =>
      companies.find((c) => c.workspace_id === workspace && c.name === name)!
        .id;

    const after = await db.query<{
      id: string;
      company_id: string | null;
      row: Record<string, unknown>;
    }>(
      `select id, company_id, to_jsonb(c) - 'company_id' as row
         from public.customers c where workspace_id = any ($1::uuid[]) order by id`,
      [spaceIds],
    );
    expect(after.rows.map((r) => r.id)).toEqual(before.rows.map((r) => r.id));
    const expectedCompany = (old: Before) => {
      const folded = old.company?.trim().toLowerCase();
      if (!folded) return null;
      const name =
        folded === 'acme'
          ? old.workspace_id === one.id
            ? 'Acme'
            : 'acme'
          : 'Tie Ltd';
      return companyNamed(old.workspace_id, name);
    };
    before.rows.forEach((old, i) => {
      // Every other field, updated_at and deleted_at included, is as it was.
      expect(after.rows[i].row).toEqual(old.row);
      expect(after.rows[i].company_id).toBe(expectedCompany(old));
    });

    // One entry per linked customer carries its text and its link; nothing else was written
    // about customers, and no entry about a blank or missing company.
    const { rows: entries } = await db.query<{
      customer_id: string;
      actor_id: string | null;
      payload: { changes: Record<string, { from: unknown; to: unknown }> };
    }>(
      `select customer_id, actor_id, payload from public.activities
        where workspace_id = any ($1::uuid[]) and customer_id is not null
          and not (id::text = any ($2::text[]))`,
      [spaceIds, entriesBefore.rows.map((e) => e.id)],
    );
    const linked = before.rows.filter((old) => expectedCompany(old) !== null);
    expect(entries).toHaveLength(linked.length);
    for (const old of linked) {
      expect(entries.filter((e) => e.customer_id === old.id)).toEqual([
        {
          customer_id: old.id,
          actor_id: null,
          payload: {
            changes: {
              company: { from: old.company, to: null },
              company_id: { from: null, to: expectedCompany(old) },
            },
          },
        },
      ]);
    }

    const { rows: columns } = await db.query(
      `select from information_schema.columns
        where table_schema = 'public' and table_name = 'customers' and column_name = 'company'`,
    );
    expect(columns).toEqual([]);
  });
});
