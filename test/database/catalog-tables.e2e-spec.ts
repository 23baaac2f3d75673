import type { PostgrestError, SupabaseClient } from '@supabase/supabase-js';
import {
  type Catalog,
  type Relation,
  readCatalog,
} from '../../scripts/lib/schema-catalog';
import type { Args, Refusal } from '../support/api-surface-shape';
import { type Command, TABLES } from '../support/api-tables';
import {
  admin,
  buildFixtures,
  closeAdmin,
  type Fixtures,
  rank,
  type Role,
} from '../support/catalog-fixtures';
import { directAsAnonymous, directWithToken } from '../support/postgrest';
import type { TestUser } from '../support/users';

interface Caller {
  label: string;
  user: TestUser | null;
  /** Its role in the workspace tried, null outside it. */
  role: Role | null;
}

type Outcome = { data: Args[] | null; error: PostgrestError | null };

/**
 * Every table of the exposed schema, read from the live catalog and declared in
 * test/support/api-tables.ts: select, insert, update and delete through PostgREST with each
 * role's own token, a stranger's and none, checked against what the service role reads. A
 * refusal names its rule: no grant ("permission denied") or a policy (a row the policy refuses,
 * or none touched); a reference to another workspace's object names the check that refuses it.
 */
describe('tables of the data API, each command as everyone (test/support/api-tables.ts)', () => {
  let catalog: Catalog;
  let fixtures: Fixtures;
  let callers: Caller[];

  beforeAll(async () => {
    [catalog, fixtures] = await Promise.all([
      readCatalog(process.env.DATABASE_ADMIN_URL!),
      buildFixtures(),
    ]);
    const { a, stranger } = fixtures;
    callers = [
      ...(['viewer', 'member', 'admin', 'owner'] as const).map((role) => ({
        label: `a ${role}`,
        user: a.users[role],
        role,
      })),
      { label: 'a stranger', user: stranger, role: null },
      { label: 'anonymous', user: null, role: null },
    ];
  }, 60_000);

  afterAll(closeAdmin);

  const clients = new Map<string, SupabaseClient>();
  const as = (user: TestUser | null) => {
    const key = user?.token ?? '';
    if (!clients.has(key))
      clients.set(
        key,
        user ? directWithToken(user.token) : directAsAnonymous(),
      );
    return clients.get(key)!;
  };

  const relation = (table: string): Relation =>
    catalog.relations.find((r) => r.schema === 'public' && r.name === table)!;

  /** Whether the API role of `user` holds the privilege on these columns (or the table). */
  const granted = (
    table: string,
    user: TestUser | null,
    privilege: string,
    columns: string[],
  ) =>
    relation(table).grants.some(
      (g) =>
        [user ? 'authenticated' : 'anon', 'PUBLIC'].includes(g.grantee) &&
        g.privilege === privilege.toUpperCase() &&
        (g.columns.length === 0 || columns.every((c) => g.columns.includes(c))),
    );

  const allowed = (table: string, command: Command, role: Role | null) => {
    const minimum = TABLES[table].minimum[command];
    return role !== null && minimum !== 'nobody' && rank(role) >= rank(minimum);
  };

  const rowOf = async (table: string, key: Args) => {
    const names = Object.keys(key);
    const rows = await admin<{ row: Args }>(
      `select to_jsonb(t) as row from public.${table} t
        where ${names.map((n, i) => `t.${n} = $${i + 1}`).join(' and ')}`,
      Object.values(key),
    );
    return rows[0]?.row ?? null;
  };

  const said = ({ data, error }: Outcome) =>
    error ? `${error.code} "${error.message}"` : `rows ${JSON.stringify(data)}`;

  it('declares every table it serves and its policies, and none that is gone', () => {
    const served = catalog.relations.filter(
      (r) => r.schema === 'public' && r.kind === 'table',
    );
    expect(served.map((r) => r.name).sort()).toEqual(
      Object.keys(TABLES).sort(),
    );
    expect(
      served.map((r) => [r.name, r.policies.map((p) => p.name).sort()]),
    ).toEqual(
      served.map((r) => [r.name, [...(TABLES[r.name]?.policies ?? [])].sort()]),
    );
  });

  describe.each(Object.keys(TABLES))('%s', (table) => {
    const surface = TABLES[table];
    const select = surface.key.join(',');

    /** What the caller may do, or the rule that refuses it when no row is touched. */
    const refusalOf = (
      command: Command,
      user: TestUser | null,
      columns: string[],
    ): Refusal | 'no row' =>
      granted(table, user, command, columns)
        ? command === 'insert'
          ? {
              code: '42501',
              message: `new row violates row-level security policy for table "${table}"`,
            }
          : 'no row'
        : { code: '42501', message: `permission denied for table ${table}` };

    /** Null when the outcome is the one expected, else what happened. */
    const judge = (
      label: string,
      outcome: Outcome,
      expected: 'done' | Refusal | 'no row',
    ) => {
      const ok =
        expected === 'done'
          ? !outcome.error && outcome.data?.length === 1
          : expected === 'no row'
            ? !outcome.error && outcome.data?.length === 0
            : outcome.error?.code === expected.code &&
              outcome.error.message === expected.message;
      return ok
        ? null
        : `${table}, ${label}: expected ${JSON.stringify(expected)}, got ${said(outcome)}`;
    };

    it(`shows each caller the rows of its workspaces where it is at least ${surface.minimum.select}`, async () => {
      const failures: (string | null)[] = [];
      for (const { label, user } of callers) {
        const outcome = (await as(user).from(table).select(select)) as Outcome;
        if (!user || !granted(table, user, 'select', surface.key)) {
          failures.push(judge(label, outcome, refusalOf('select', user, [])));
          continue;
        }
        const truth = await admin<Args>(
          `select ${select} from public.${table} t
            where t.${surface.workspace} = any (array(
              select m.workspace_id from public.workspace_members m
               where m.user_id = $1 and $2 <> 'nobody' and m.role >= $2::public.workspace_role))`,
          [user.id, surface.minimum.select],
        );
        const keys = (rows: Args[]) =>
          rows.map((r) => surface.key.map((k) => r[k]).join(' ')).sort();
        if (
          outcome.error ||
          JSON.stringify(keys(outcome.data ?? [])) !==
            JSON.stringify(keys(truth))
        )
          failures.push(
            `${table}, ${label}: sees ${said(outcome)}, the service role ${truth.length} rows`,
          );
      }
      expect(failures.filter(Boolean)).toEqual([]);
    });

    const countIn = async (workspaceId: string) =>
      (
        await admin<{ n: number }>(
          `select count(*)::int as n from public.${table} t where t.${surface.workspace} = $1`,
          [workspaceId],
        )
      )[0].n;

    it(`inserts from ${surface.minimum.insert} up, into no other workspace`, async () => {
      const { a, b } = fixtures;
      const failures: (string | null)[] = [];
      const tries = [
        ...callers.map((c) => ({ ...c, space: a })),
        {
          label: "the owner, into another's workspace",
          user: a.users.owner,
          role: null,
          space: b,
        },
      ];
      for (const { label, user, role, space } of tries) {
        const row = surface.row(space, user ?? fixtures.stranger);
        const before = await countIn(space.id);
        const outcome = (await as(user)
          .from(table)
          .insert(row)
          .select(select)) as Outcome;
        const may = allowed(table, 'insert', role);
        failures.push(
          judge(
            label,
            outcome,
            may ? 'done' : refusalOf('insert', user, Object.keys(row)),
          ),
        );
        if (!may && (await countIn(space.id)) !== before)
          failures.push(`${table}, ${label}: a refused insert wrote a row`);
        if (
          may &&
          outcome.data?.length === 1 &&
          !(await rowOf(table, outcome.data[0]))
        )
          failures.push(`${table}, ${label}: the inserted row is not there`);
      }
      expect(failures.filter(Boolean)).toEqual([]);
    });

    for (const command of ['update', 'delete'] as const)
      it(`${command}s from ${surface.minimum[command]} up, nothing of another workspace`, async () => {
        const { a, b } = fixtures;
        const failures: (string | null)[] = [];
        const tries = [
          ...callers.map((c) => ({ ...c, space: a })),
          {
            label: "the owner, in another's workspace",
            user: a.users.owner,
            role: null,
            space: b,
          },
        ];
        for (const { label, user, role, space } of tries) {
          const key = await surface.target(
            space,
            user ?? space.users.owner,
            space === a ? role : null,
          );
          const before = await rowOf(table, key);
          const query = as(user).from(table);
          const outcome = (await (
            command === 'update' ? query.update(surface.change) : query.delete()
          )
            .match(key)
            .select(select)) as Outcome;
          const may = allowed(table, command, role);
          const columns =
            command === 'update' ? Object.keys(surface.change) : [];
          failures.push(
            judge(
              label,
              outcome,
              may ? 'done' : refusalOf(command, user, columns),
            ),
          );
          const after = await rowOf(table, key);
          const changed = JSON.stringify(after) !== JSON.stringify(before);
          if (changed !== may)
            failures.push(
              `${table}, ${label}: the row ${changed ? 'changed' : 'stayed as it was'}`,
            );
        }
        expect(failures.filter(Boolean)).toEqual([]);
      });

    const references = Object.entries(surface.references ?? {});
    if (references.length > 0)
      it("refuses another workspace's object in every reference, from a member of both", async () => {
        const { a, b, bridge } = fixtures;
        const failures: (string | null)[] = [];
        for (const [column, rule] of references) {
          const foreign = surface.row(b, bridge)[column];
          const row = { ...surface.row(a, bridge), [column]: foreign };
          const before = await countIn(a.id);
          const inserted = (await as(bridge)
            .from(table)
            .insert(row)
            .select(select)) as Outcome;
          failures.push(
            judge(
              `insert with ${column} of the other workspace`,
              inserted,
              rule,
            ),
          );
          if ((await countIn(a.id)) !== before)
            failures.push(`${table}: a refused insert wrote a row`);
          if (!granted(table, bridge, 'update', [column])) continue;
          const key = await surface.target(a, bridge, 'owner');
          const was = await rowOf(table, key);
          const updated = (await as(bridge)
            .from(table)
            .update({ [column]: foreign })
            .match(key)
            .select(select)) as Outcome;
          failures.push(
            judge(`update to ${column} of the other workspace`, updated, rule),
          );
          if (JSON.stringify(await rowOf(table, key)) !== JSON.stringify(was))
            failures.push(`${table}: a refused update changed the row`);
        }
        expect(failures.filter(Boolean)).toEqual([]);
      });
  });
});
