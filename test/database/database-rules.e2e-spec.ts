import type { Database } from '../../src/database/database.types';
import { type CreatedUser, createUser, sql } from '../support/database';
import { accessTokenFor } from '../support/tokens';
import {
  type Direct,
  directAsAnonymous,
  directWithToken,
} from '../support/postgrest';

/** A user's own token straight to PostgREST, with the public key, as anyone can do. */
async function directAs(userId: string): Promise<Direct> {
  const token = await accessTokenFor(userId);
  return directWithToken(token);
}

describe('rules the database enforces on a user writing straight to PostgREST', () => {
  let alice: CreatedUser;
  let bob: CreatedUser;
  let db: Direct;

  beforeAll(async () => {
    [alice, bob] = [await createUser(), await createUser()];
    db = await directAs(alice.id);
  });

  async function ownCustomer(name = 'Ada Lovelace') {
    const { data, error } = await db
      .from('customers')
      .insert({ workspace_id: alice.workspaceId, name })
      .select()
      .single();
    expect(error).toBeNull();
    return data!;
  }

  describe('ids, owners and timestamps', () => {
    it.each([
      ['its own id', { id: '00000000-0000-4000-8000-0000000000aa' }],
      ['its own created_at', { created_at: '2000-01-01T00:00:00Z' }],
      ['its own updated_at', { updated_at: '2000-01-01T00:00:00Z' }],
      ['its own deleted_at', { deleted_at: '2000-01-01T00:00:00Z' }],
      [
        'another creator',
        { created_by: '00000000-0000-4000-8000-0000000000bb' },
      ],
    ])('refuses an insert with %s', async (_case, fields) => {
      const { error } = await db
        .from('customers')
        .insert({ workspace_id: alice.workspaceId, name: 'forged', ...fields });
      expect(error?.code).toBe('42501');
    });

    it('refuses an insert into a workspace one is not a member of', async () => {
      const { error } = await db
        .from('customers')
        .insert({ workspace_id: bob.workspaceId, name: 'planted' });
      expect(error?.code).toBe('42501');
    });

    it.each([
      ['the primary key', { id: '00000000-0000-4000-8000-0000000000cc' }],
      ['created_at', { created_at: '2000-01-01T00:00:00Z' }],
      ['updated_at', { updated_at: '2000-01-01T00:00:00Z' }],
    ])('refuses to change %s', async (_case, fields) => {
      const customer = await ownCustomer();
      const { error } = await db
        .from('customers')
        .update(fields)
        .eq('id', customer.id);
      expect(error?.code).toBe('42501');
      const [row] = await sql<{ id: string; created_at: Date }>(
        'select id, created_at from public.customers where id = $1',
        [customer.id],
      );
      expect(row.created_at.toISOString()).toBe(
        new Date(customer.created_at).toISOString(),
      );
    });

    it('moves no row into another workspace, by a filtered or an unfiltered update', async () => {
      const customer = await ownCustomer();
      for (const target of [alice.workspaceId, bob.workspaceId]) {
        const filtered = await db
          .from('customers')
          .update({ workspace_id: target, created_by: bob.id })
          .eq('id', customer.id);
        expect(filtered.error?.code).toBe('42501');
        const unfiltered = await db
          .from('customers')
          .update({ workspace_id: target })
          .not('id', 'is', null);
        expect(unfiltered.error?.code).toBe('42501');
      }
      const [{ count }] = await sql<{ count: string }>(
        'select count(*) from public.customers where workspace_id = $1',
        [bob.workspaceId],
      );
      expect(Number(count)).toBe(0);
    });

    it('stamps a deletion with the time it happens, not the time the writer gave', async () => {
      const customer = await ownCustomer();
      const { data, error } = await db
        .from('customers')
        .update({ deleted_at: '2000-01-01T00:00:00Z' })
        .eq('id', customer.id)
        .select('deleted_at')
        .single();
      expect(error).toBeNull();
      expect(Date.now() - new Date(data!.deleted_at!).getTime()).toBeLessThan(
        60_000,
      );
    });

    it('refuses a hard delete: customers are deleted softly only', async () => {
      const customer = await ownCustomer();
      const { error } = await db
        .from('customers')
        .delete()
        .eq('id', customer.id);
      expect(error?.code).toBe('42501');
      expect(
        await sql('select 1 from public.customers where id = $1', [
          customer.id,
        ]),
      ).toHaveLength(1);
    });
  });

  describe('values', () => {
    it.each([
      ['a blank name', { name: ' \t ' }],
      ['a name over 200 characters', { name: 'n'.repeat(201) }],
      ['a malformed email', { name: 'A', email: 'not-an-email' }],
      [
        'an email over 320 characters',
        { name: 'A', email: `${'e'.repeat(320)}@x.io` },
      ],
      ['a null tag', { name: 'A', tags: ['ok', null] }],
      ['an empty tag', { name: 'A', tags: [''] }],
      ['a tag over 50 characters', { name: 'A', tags: ['t'.repeat(51)] }],
      [
        'more than 20 tags',
        { name: 'A', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
      ],
      ['the same tag twice', { name: 'A', tags: ['vip', 'vip'] }],
      [
        'notes over 10,000 characters',
        { name: 'A', notes: 'x'.repeat(10_001) },
      ],
      ['an unknown status', { name: 'A', status: 'archived' }],
    ])('refuses %s', async (_case, row) => {
      const { error } = await db.from('customers').insert({
        workspace_id: alice.workspaceId,
        ...row,
      } as Database['public']['Tables']['customers']['Insert']);
      expect(error?.code).toBe('23514');
    });

    it('stores names trimmed and emails trimmed and in lower case', async () => {
      const { data } = await db
        .from('customers')
        .insert({
          workspace_id: alice.workspaceId,
          name: '  Grace Hopper \n',
          email: '  Grace@Navy.Example ',
        })
        .select('name, email')
        .single();
      expect(data).toEqual({
        name: 'Grace Hopper',
        email: 'grace@navy.example',
      });
    });
  });

  describe('create_customer', () => {
    const create = (customer: unknown, key?: string, hash?: string) =>
      db.rpc('create_customer', {
        p_workspace_id: alice.workspaceId,
        p_customer: customer as never,
        p_idempotency_key: key,
        p_request_hash: hash,
      });

    it.each([
      ['a JSON array', [{ name: 'A' }]],
      ['an unknown field', { name: 'A', owner_id: 'x' }],
      ['a field that is not a string', { name: 42 }],
      ['tags that are not an array', { name: 'A', tags: 'vip' }],
      ['tags that are not strings', { name: 'A', tags: [1, 2] }],
      ['a document over 64 KiB', { name: 'A', notes: 'x'.repeat(70_000) }],
    ])('refuses %s', async (_case, customer) => {
      const { error } = await create(customer);
      expect(error?.code).toBe('22023');
    });

    it('refuses an unbounded idempotency key or request hash, or one without the other', async () => {
      for (const [key, hash] of [
        ['k'.repeat(256), 'h'],
        ['k', 'h'.repeat(129)],
        ['k', undefined],
      ] as const) {
        const { error } = await create({ name: 'A' }, key, hash);
        expect(error?.code).toBe('22023');
      }
    });
  });

  describe('list_customers', () => {
    it.each([
      ['an offset past 10,000', { p_offset: 1_000_000_000 }],
      ['a search over 200 characters', { p_search: 's'.repeat(201) }],
      ['a tag over 50 characters', { p_tag: 't'.repeat(51) }],
      ['an unknown status', { p_status: ['archived'] }],
      ['a limit over 100', { p_limit: 101 }],
    ])('refuses %s', async (_case, args) => {
      const { error } = await db.rpc('list_customers', {
        p_workspace_id: alice.workspaceId,
        ...args,
      });
      expect(error?.code).toBe('22023');
    });
  });
});

describe('statement timeouts of the API roles', () => {
  beforeAll(async () => {
    await sql(`create function public.current_statement_timeout() returns text
                 language sql stable set search_path = ''
                 as $$ select current_setting('statement_timeout') $$;
               grant execute on function public.current_statement_timeout()
                 to anon, authenticated;
               notify pgrst, 'reload schema';`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  });

  afterAll(async () => {
    await sql(
      `drop function public.current_statement_timeout(); notify pgrst, 'reload schema';`,
    );
  });

  it('bounds every statement as hosted Supabase does: authenticated 8 s, anon 3 s', async () => {
    const user = await createUser();
    const asUser = await directAs(user.id);
    const asAnon = directAsAnonymous();
    const call = (client: Direct) =>
      client.rpc('current_statement_timeout' as never);
    expect((await call(asUser)).data).toBe('8s');
    expect((await call(asAnon)).data).toBe('3s');
  });
});
