import { createClient } from '@supabase/supabase-js';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../src/database/database.types';
import { createUser, isAlive, sql, stackState } from './support/database';
import { startLocalStack, stopLocalStack } from './support/local-stack';
import { accessTokenFor } from './support/tokens';
import { ROOT } from './support/service-process';

/** Runs the real Supabase CLI from node_modules against the test stack's database. */
function supabaseCli(
  ...args: string[]
): Promise<{ code: number | null; stdout: string; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules/supabase/dist/supabase.js'),
        ...args,
        '--workdir',
        ROOT,
      ],
      { env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1' } },
    );
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, output }));
  });
}

const env = () => ({
  url: process.env.SUPABASE_URL!,
  anonKey: process.env.SUPABASE_ANON_KEY!,
  serviceKey: process.env.SUPABASE_SERVICE_ROLE_KEY!,
  databaseUrl: process.env.DATABASE_URL!,
});

function asUser(token: string) {
  return createClient<Database>(env().url, env().anonKey, {
    accessToken: () => Promise.resolve(token),
  });
}

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

    it('answers 401 to a request without an apikey', async () => {
      const res = await fetch(customers());
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ message: 'Invalid API key' });
    });

    it('answers 401 to a key signed by another project', async () => {
      const foreign = await accessTokenFor(
        '00000000-0000-4000-8000-000000000000',
        {
          secret: 'another-projects-secret-that-is-long-enough',
          role: 'service_role',
        },
      );
      const res = await fetch(customers(), { headers: { apikey: foreign } });
      expect(res.status).toBe(401);
    });

    it("serves PostgREST under /rest/v1 to the project's keys", async () => {
      const res = await fetch(customers(), {
        headers: { apikey: env().serviceKey },
      });
      expect(res.status).toBe(200);
      expect(Array.isArray(await res.json())).toBe(true);
    });

    it('gives anon no access to customers', async () => {
      const anon = createClient<Database>(env().url, env().anonKey);
      const { error } = await anon.from('customers').select('id').limit(1);
      expect(error?.code).toBe('42501');
    });
  });

  describe('Row Level Security on customers', () => {
    it("hides one user's rows from another, both ways", async () => {
      const [alice, bob] = [await createUser(), await createUser()];
      const aliceDb = asUser(await accessTokenFor(alice.id));
      const bobDb = asUser(await accessTokenFor(bob.id));

      const created = await aliceDb
        .from('customers')
        .insert({ name: 'Alice’s lead' })
        .select()
        .single();
      expect(created.error).toBeNull();
      expect(created.data?.owner_id).toBe(alice.id);
      await bobDb.from('customers').insert({ name: 'Bob’s lead' });

      const seenByBob = await bobDb.from('customers').select('name, owner_id');
      expect(seenByBob.data).toEqual([
        { name: 'Bob’s lead', owner_id: bob.id },
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

    it("refuses a row created in another user's name", async () => {
      const [alice, bob] = [await createUser(), await createUser()];
      const aliceDb = asUser(await accessTokenFor(alice.id));
      const { error } = await aliceDb
        .from('customers')
        .insert({ name: 'forged', owner_id: bob.id });
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
