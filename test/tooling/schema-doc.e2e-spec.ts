import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  type Catalog,
  readCatalog,
  readCatalogWith,
} from '../../scripts/lib/schema-catalog';
import { renderSchemaDoc } from '../../scripts/lib/schema-doc';
import {
  analyseRules,
  missingComments,
  raisedCodes,
} from '../../scripts/lib/schema-rules';
import { ROOT } from '../support/service-process';

/** The test stack's superuser: the one place this spec reads its URL. */
const adminDatabaseUrl = () => process.env.DATABASE_ADMIN_URL!;

/**
 * supabase/SCHEMA.md is the schema as it is (npm run db:doc): generated here from the test
 * stack's catalog, it must equal the committed file, and every policy and definer function
 * must say why it exists.
 */
describe('the schema document (supabase/SCHEMA.md)', () => {
  let catalog: Catalog;

  beforeAll(async () => {
    catalog = await readCatalog(adminDatabaseUrl());
  });

  it('finds a comment saying why on every policy and definer function', () => {
    expect(missingComments(catalog)).toEqual([]);
  });

  it('is committed as the catalog reads now (run npm run db:doc)', () => {
    expect(readFileSync(join(ROOT, 'supabase', 'SCHEMA.md'), 'utf8')).toBe(
      renderSchemaDoc(catalog),
    );
  });

  it('reads the role each exposed function checks, the definer behind it and its codes', () => {
    const rules = analyseRules(catalog);
    const rule = (key: string) => {
      const { calls, minimumRole, raises } = rules.get(key)!;
      return { calls, role: minimumRole.role, via: minimumRole.via, raises };
    };
    expect(rule('public.list_customers')).toEqual({
      calls: ['private.list_customers'],
      role: 'viewer',
      via: 'private.require_role',
      raises: ['22023', 'PT403', 'PT404'],
    });
    expect(rule('public.create_invitation')).toMatchObject({
      role: 'admin',
      via: 'private.require_role',
    });
    // A membership check alone (404 to a stranger) lets every role through.
    expect(rule('public.pipeline_board')).toMatchObject({
      role: 'viewer',
      via: 'private.my_role',
    });
    // The 404 of a stranger comes first, then the role: the role decides.
    expect(rule('public.delete_stage')).toMatchObject({ role: 'member' });
    expect(rule('public.create_workspace')).toMatchObject({
      role: null,
      raises: ['22023', '42501'],
    });
    expect(rule('public.move_deal').raises).toEqual(
      expect.arrayContaining(['PT403', 'PT404', 'PT409', 'PT422']),
    );
  });

  it('reads policies, column grants and triggers as the catalog holds them', () => {
    const invitations = catalog.relations.find(
      (r) => r.schema === 'public' && r.name === 'workspace_invitations',
    )!;
    expect(invitations.rls).toBe(true);
    expect(
      invitations.grants.filter((g) => g.grantee === 'authenticated'),
    ).toEqual([
      expect.objectContaining({
        privilege: 'SELECT',
        columns: expect.not.arrayContaining(['token_hash']) as string[],
      }),
      {
        grantee: 'authenticated',
        privilege: 'UPDATE',
        columns: ['revoked_at'],
      },
    ]);
    const members = catalog.relations.find(
      (r) => r.name === 'workspace_members',
    )!;
    expect(members.policies.map((p) => [p.name, p.command, p.roles])).toEqual([
      ['workspace_members_delete', 'DELETE', ['authenticated']],
      ['workspace_members_select', 'SELECT', ['authenticated']],
      ['workspace_members_select_live_feed', 'SELECT', ['crm_live_feed']],
      ['workspace_members_update', 'UPDATE', ['authenticated']],
    ]);
    expect(members.triggers.map((t) => t.functionName)).toContain(
      'workspace_members_keep_an_owner',
    );
    // Triggers of ours on tables that are not: the personal workspace made at sign-up.
    expect(
      catalog.relations.find((r) => r.schema === 'auth' && r.name === 'users')
        ?.triggers,
    ).toEqual([expect.objectContaining({ functionName: 'on_new_user' })]);
  });

  it('names each policy and function a new migration left without its why', async () => {
    const db = new Client({ connectionString: adminDatabaseUrl() });
    await db.connect();
    try {
      await db.query(`begin; set local search_path = ''`);
      await db.query(`create policy customers_unexplained_in_test on public.customers
        for select to authenticated using (false)`);
      await db.query(`create function private.unexplained_in_test(p uuid) returns int
        language sql security definer set search_path = '' as 'select 1'`);
      await db.query(`create function public.unexplained_rpc_in_test() returns int
        language sql security invoker set search_path = '' as 'select 1'`);
      await db.query(
        'grant execute on function public.unexplained_rpc_in_test to authenticated',
      );
      const planted = await readCatalogWith(
        async (text, values) =>
          (await db.query<Record<string, unknown>>(text, values)).rows,
      );
      expect(missingComments(planted)).toEqual([
        `comment on policy customers_unexplained_in_test on public.customers is '<why>';`,
        `comment on function private.unexplained_in_test(p uuid) is '<why>';  -- security definer`,
        `comment on function public.unexplained_rpc_in_test() is '<why>';  -- exposed, and no definer private.unexplained_rpc_in_test says why`,
      ]);
    } finally {
      await db.query('rollback');
      await db.end();
    }
  });

  it('reads the codes a body raises, semicolons in messages and comments aside', () => {
    expect(
      raisedCodes(`
        -- raise exception 'a comment' using errcode = 'PT500';
        raise exception 'offset too deep; page with a cursor' using errcode = '22023';
        raise exception 'it''s gone -- for good' using errcode = 'PT410';
        raise sqlstate 'PT409';
        raise exception 'no code given';
        raise notice 'not an error';`).sort(),
    ).toEqual(['22023', 'P0001', 'PT409', 'PT410']);
  });
});
