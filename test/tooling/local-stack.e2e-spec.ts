import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  LOCAL_PROJECT,
  legacyRoleKey,
  publicJwks,
} from '../../scripts/lib/keys';
import { supabaseCli as runCli } from '../../scripts/lib/supabase-cli';
import { createUser, isAlive, sql, stackState } from '../support/database';
import { startLocalStack, stopLocalStack } from '../support/local-stack';
import { HS256_KEY, accessTokenFor } from '../support/tokens';
import { ROOT } from '../support/service-process';
import { directAsAnonymous, directWithToken } from '../support/postgrest';

const supabaseCli = (...args: string[]) => runCli(args, ROOT);

const env = () => ({
  url: process.env.SUPABASE_URL!,
  secretKey: process.env.SUPABASE_SECRET_KEY!,
  // The Supabase CLI reads the whole catalog: the superuser, as a developer would run it.
  databaseUrl: process.env.DATABASE_ADMIN_URL!,
});

describe('the local Supabase stack', () => {
  describe('migrations', () => {
    it('are applied and recorded by the Supabase CLI', async () => {
      const files = readdirSync(join(ROOT, 'supabase/migrations'))
        .filter((f) => f.endsWith('.sql'))
        .map((f) => f.split('_')[0])
        .sort();
      const rows = await sql<{ version: string }>(
        'select version from supabase_migrations.schema_migrations order by version',
      );
      expect(rows.map((r) => r.version)).toEqual(files);
    });

    it('leave the Supabase CLI with no pending migration', async () => {
      const { code, stdout } = await supabaseCli(
        'migration',
        'list',
        `--remote=${env().databaseUrl}`,
      );
      expect(code).toBe(0);
      for (const version of readdirSync(join(ROOT, 'supabase/migrations')).map(
        (f) => f.split('_')[0],
      )) {
        expect(stdout).toMatch(new RegExp(`${version}.*\\|.*${version}`));
      }
    });

    it('pass every security and performance lint of `supabase db advisors`', async () => {
      const { code, output } = await supabaseCli(
        'db',
        'advisors',
        '--level',
        'warn',
        '--fail-on',
        'warn',
        `--remote=${env().databaseUrl}`,
      );
      expect(output).toContain('No issues found');
      expect(code).toBe(0);
    });

    it('index every foreign key (the advisors’ info-level lint)', async () => {
      const { code, output } = await supabaseCli(
        'db',
        'advisors',
        '--level',
        'info',
        `--remote=${env().databaseUrl}`,
      );
      expect(code).toBe(0);
      expect(output).toContain('unused_index');
      expect(output).not.toContain('unindexed_foreign_keys');
    });

    it('match the committed database.types.ts', async () => {
      const { code, stdout } = await supabaseCli(
        'gen',
        'types',
        'typescript',
        '--schema',
        'public',
        `--remote=${env().databaseUrl}`,
      );
      expect(code).toBe(0);
      const committed = readFileSync(
        join(ROOT, 'src/database/database.types.ts'),
        'utf8',
      );
      expect(committed).toBe(stdout);
    });
  });

  describe('gateway', () => {
    const customers = () => `${env().url}/rest/v1/customers?select=id&limit=1`;
    /** What PostgREST ran a request as: the role the gateway made of its keys. */
    const roleSeenWith = async (headers: Record<string, string>) => {
      const res = await fetch(`${env().url}/rest/v1/rpc/whoami`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
      });
      return { status: res.status, role: (await res.json()) as unknown };
    };

    beforeAll(async () => {
      // A probe of the role each request runs as, for these specs only.
      await sql(`create function public.whoami() returns text language sql stable
                 set search_path = '' as $$ select current_user::text $$;
                 grant execute on function public.whoami() to anon, authenticated, service_role;
                 notify pgrst, 'reload schema';`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    });

    afterAll(async () => {
      await sql(
        `drop function public.whoami(); notify pgrst, 'reload schema';`,
      );
    });

    it('answers 401 to a request without an apikey', async () => {
      const res = await fetch(customers());
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ message: 'Invalid API key' });
    });

    it('answers 401 to a key of another project', async () => {
      for (const foreign of [
        await legacyRoleKey(
          'service_role',
          'another-projects-secret-long-enough',
        ),
        'sb_secret_of-another-project-0123456789',
      ]) {
        const res = await fetch(customers(), { headers: { apikey: foreign } });
        expect(res.status).toBe(401);
      }
    });

    it.each([
      ['the publishable key', LOCAL_PROJECT.publishableKey, 'anon'],
      ['the secret key', LOCAL_PROJECT.secretKey, 'service_role'],
      ['the legacy anon key', LOCAL_PROJECT.anonKey, 'anon'],
      [
        'the legacy service_role key',
        LOCAL_PROJECT.serviceRoleKey,
        'service_role',
      ],
    ])('runs %s as %s, as Supabase does', async (_name, key, role) => {
      // supabase-js sends a new key as apikey only; older clients send it as a bearer too.
      expect(await roleSeenWith({ apikey: key })).toEqual({
        status: 200,
        role,
      });
      expect(
        await roleSeenWith({ apikey: key, authorization: `Bearer ${key}` }),
      ).toEqual({ status: 200, role });
    });

    it.each([
      [
        'an ES256 token of the local signing key',
        () => accessTokenFor('00000000-0000-4000-8000-00000000000a'),
      ],
      [
        'a legacy HS256 token',
        () =>
          accessTokenFor('00000000-0000-4000-8000-00000000000a', {
            key: HS256_KEY,
          }),
      ],
    ])(
      "runs a user's request with %s as authenticated",
      async (_name, token) => {
        expect(
          await roleSeenWith({
            apikey: LOCAL_PROJECT.publishableKey,
            authorization: `Bearer ${await token()}`,
          }),
        ).toEqual({ status: 200, role: 'authenticated' });
      },
    );

    it('publishes the public half of the signing key, as Supabase Auth does', async () => {
      const res = await fetch(`${env().url}/auth/v1/.well-known/jwks.json`);
      expect(res.status).toBe(200);
      const jwks = (await res.json()) as { keys: Record<string, unknown>[] };
      expect(jwks).toEqual(publicJwks(LOCAL_PROJECT));
      expect(jwks.keys[0]).toMatchObject({
        kty: 'EC',
        alg: 'ES256',
        kid: LOCAL_PROJECT.signingKey.kid,
      });
      expect(jwks.keys[0]).not.toHaveProperty('d');
    });

    it('gives anon no access to customers', async () => {
      const anon = directAsAnonymous();
      const { error } = await anon.from('customers').select('id').limit(1);
      expect(error?.code).toBe('42501');
    });
  });

  describe('Row Level Security on customers', () => {
    it("hides one workspace's rows from a non-member, both ways", async () => {
      const [alice, bob] = [await createUser(), await createUser()];
      const aliceDb = directWithToken(await accessTokenFor(alice.id));
      const bobDb = directWithToken(await accessTokenFor(bob.id));

      const created = await aliceDb
        .from('customers')
        .insert({ workspace_id: alice.workspaceId, name: 'Alice’s lead' })
        .select()
        .single();
      expect(created.error).toBeNull();
      expect(created.data).toMatchObject({
        workspace_id: alice.workspaceId,
        created_by: alice.id,
      });
      await bobDb
        .from('customers')
        .insert({ workspace_id: bob.workspaceId, name: 'Bob’s lead' });

      const seenByBob = await bobDb
        .from('customers')
        .select('name, workspace_id');
      expect(seenByBob.data).toEqual([
        { name: 'Bob’s lead', workspace_id: bob.workspaceId },
      ]);
      const seenByAlice = await aliceDb.from('customers').select('name');
      expect(seenByAlice.data).toEqual([{ name: 'Alice’s lead' }]);

      const hijack = await bobDb
        .from('customers')
        .update({ name: 'mine now' })
        .eq('id', created.data!.id)
        .select();
      expect(hijack.data).toEqual([]);
      const [row] = await sql<{ name: string }>(
        'select name from public.customers where id = $1',
        [created.data!.id],
      );
      expect(row.name).toBe('Alice’s lead');
    });

    it("refuses a row written into another user's workspace", async () => {
      const [alice, bob] = [await createUser(), await createUser()];
      const aliceDb = directWithToken(await accessTokenFor(alice.id));
      const { error } = await aliceDb
        .from('customers')
        .insert({ workspace_id: bob.workspaceId, name: 'forged' });
      expect(error?.code).toBe('42501');
    });
  });

  describe('its process', () => {
    it('stops every process it started and frees its ports', async () => {
      const stack = await startLocalStack();
      const state = stackState(stack.dataDir);
      const pids = [state.postgrestPid, state.postgresPid, state.stackPid];
      expect(pids.every(isAlive)).toBe(true);
      await stopLocalStack(stack);
      expect(pids.filter(isAlive)).toEqual([]);
      await expect(fetch(state.apiUrl)).rejects.toThrow();
    });

    it('refuses a port already in use with one clear line and exit code 2', async () => {
      const port = new URL(stackState().dbUrl).port;
      const child = spawn(
        process.execPath,
        [
          'scripts/local-stack.mts',
          '--api-port',
          '0',
          '--db-port',
          port,
          '--data-dir',
          '/nonexistent',
        ],
        { cwd: ROOT },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise((resolve) => child.on('exit', resolve));
      expect(code).toBe(2);
      expect(stderr.trim()).toBe(
        `[local-stack] error: port ${port} is already in use (--db-port)`,
      );
    });
  });
});
