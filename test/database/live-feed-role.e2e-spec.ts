import { Client, type Notification } from 'pg';
import { freePort } from '../../scripts/lib/ports';
import { PostgresPool } from '../../src/database/postgres-pool';
import { privilegedRoleOf } from '../../src/database/postgres-role';
import { LiveFeedRepository } from '../../src/events/live-feed.repository';
import { createUser, sql } from '../support/database';
import { ServiceProcess } from '../support/service-process';

/** The stack's DATABASE_URL: what the app connects with, the live stream's own login. */
const feedUrl = () => process.env.DATABASE_URL!;

async function connected(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

/** 'ok', or the SQLSTATE the statement was refused with. */
async function outcome(
  client: Client,
  text: string,
  values: unknown[] = [],
): Promise<string> {
  try {
    await client.query(text, values);
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

/** A customer of the workspace; its trigger writes a timeline entry. */
async function customerIn(workspaceId: string): Promise<string> {
  const [row] = await sql<{ id: string }>(
    `insert into public.customers (workspace_id, name) values ($1, 'Feed role') returning id`,
    [workspaceId],
  );
  return row.id;
}

/** Every entry of the workspace as the timeline serialises it, read as the superuser. */
const entriesOf = (workspaceId: string) =>
  sql<{ entry: { id: number } }>(
    'select to_jsonb(a) as entry from public.activities a where workspace_id = $1 order by id',
    [workspaceId],
  ).then((rows) => rows.map((r) => r.entry));

describe('the live stream’s role (DATABASE_URL)', () => {
  let feed: Client;

  beforeAll(async () => {
    feed = await connected(feedUrl());
  });

  afterAll(async () => {
    await feed.end();
  });

  it('is crm_live_feed: no superuser, no BYPASSRLS, and no role to become that is either', async () => {
    const { rows } = await feed.query<Record<string, unknown>>(
      `select current_user as name, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolreplication
         from pg_roles where rolname = current_user`,
    );
    expect(rows).toEqual([
      {
        name: 'crm_live_feed',
        rolsuper: false,
        rolbypassrls: false,
        rolcreaterole: false,
        rolcreatedb: false,
        rolreplication: false,
      },
    ]);
    expect(await privilegedRoleOf(feed)).toBeUndefined();
    for (const role of ['postgres', 'service_role', 'authenticated'])
      expect([role, await outcome(feed, `set role ${role}`)]).toEqual([
        role,
        '42501',
      ]);
  });

  it('is refused every other table, every write to the timeline, and the private schema', async () => {
    const refused = [
      'select id from public.customers limit 1',
      'select id from public.deals limit 1',
      'select id from public.workspaces limit 1',
      'select id from public.workspace_invitations limit 1',
      'select id from auth.users limit 1',
      'select role from public.workspace_members limit 1',
      'select * from public.workspace_members limit 1',
      `insert into public.activities (workspace_id, customer_id, kind, body)
       values (gen_random_uuid(), gen_random_uuid(), 'note', 'forged')`,
      `update public.activities set body = 'changed' where id = -1`,
      'delete from public.activities where id = -1',
      'truncate public.activities',
      `select private.my_workspace_ids('viewer')`,
    ];
    for (const statement of refused)
      expect([statement, await outcome(feed, statement)]).toEqual([
        statement,
        '42501',
      ]);
  });

  it('holds, across every schema it may use, select on activities and two columns of memberships, and no definer function', async () => {
    const tables = await sql<{ name: string; privilege: string }>(
      `select n.nspname || '.' || c.relname as name, p as privilege
         from pg_class c
         join pg_namespace n on n.oid = c.relnamespace
         cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE',
                                 'REFERENCES', 'TRIGGER']) p
        where c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
          and n.nspname not in ('pg_catalog', 'information_schema')
          and has_schema_privilege('crm_live_feed', n.oid, 'usage')
          and has_table_privilege('crm_live_feed', c.oid, p)
        order by 1, 2`,
    );
    expect(tables).toEqual([
      { name: 'public.activities', privilege: 'SELECT' },
    ]);
    const columns = await sql<{ name: string; privilege: string }>(
      `select c.relname || '.' || a.attname as name, p as privilege
         from pg_class c
         join pg_namespace n on n.oid = c.relnamespace
         join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
         cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'REFERENCES']) p
        where n.nspname not in ('pg_catalog', 'information_schema')
          and has_schema_privilege('crm_live_feed', n.oid, 'usage')
          and c.relname <> 'activities'
          and has_column_privilege('crm_live_feed', c.oid, a.attnum, p)
        order by 1, 2`,
    );
    expect(columns).toEqual([
      { name: 'workspace_members.user_id', privilege: 'SELECT' },
      { name: 'workspace_members.workspace_id', privilege: 'SELECT' },
    ]);
    const definers = await sql<{ fn: string }>(
      `select p.oid::regprocedure::text as fn
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where p.prosecdef
          and has_schema_privilege('crm_live_feed', n.oid, 'usage')
          and has_function_privilege('crm_live_feed', p.oid, 'execute')`,
    );
    expect(definers).toEqual([]);
    const rls = await sql<{ name: string; rls: boolean }>(
      `select relname as name, relrowsecurity as rls from pg_class
        where oid in ('public.activities'::regclass, 'public.workspace_members'::regclass)
        order by 1`,
    );
    expect(rls).toEqual([
      { name: 'activities', rls: true },
      { name: 'workspace_members', rls: true },
    ]);
  });

  it('LISTENs, and hears of a new entry with its workspace', async () => {
    const listener = await connected(feedUrl());
    try {
      await listener.query('listen crm_activities');
      const heard = new Promise<Notification>((resolve) =>
        listener.once('notification', resolve),
      );
      const user = await createUser();
      await customerIn(user.workspaceId);
      expect(await heard).toMatchObject({
        channel: 'crm_activities',
        payload: user.workspaceId,
      });
    } finally {
      await listener.end();
    }
  });

  it('runs every read of the repository, and sees every workspace’s entries under RLS', async () => {
    const [ada, bob] = [await createUser(), await createUser()];
    await customerIn(ada.workspaceId);
    await customerIn(ada.workspaceId);
    await customerIn(bob.workspaceId);
    const [adas, bobs] = [
      await entriesOf(ada.workspaceId),
      await entriesOf(bob.workspaceId),
    ];
    expect(adas).toHaveLength(2);
    const pool = new PostgresPool({
      url: feedUrl(),
      refusePrivilegedRole: true,
    });
    const repository = new LiveFeedRepository(pool);
    try {
      expect(await repository.lastEntryId(ada.workspaceId)).toBe(adas[1].id);
      expect(
        await repository.entriesBetween(ada.workspaceId, 0, adas[1].id, 500),
      ).toEqual(adas);
      expect(
        await repository.entriesBetween(ada.workspaceId, 0, adas[1].id, 1),
      ).toEqual([adas[0]]);
      expect(
        await repository.entriesAfter(
          [ada.workspaceId, bob.workspaceId],
          [adas[0].id, 0],
          500,
        ),
      ).toEqual([adas[1], ...bobs].sort((a, b) => a.id - b.id));
      expect(
        await repository.memberships(
          [ada.workspaceId, ada.workspaceId, bob.workspaceId],
          [ada.id, bob.id, bob.id],
        ),
      ).toEqual(
        expect.arrayContaining([
          { workspace_id: ada.workspaceId, user_id: ada.id },
          { workspace_id: bob.workspaceId, user_id: bob.id },
        ]),
      );
      expect(await repository.memberships([ada.workspaceId], [bob.id])).toEqual(
        [],
      );
    } finally {
      await pool.close();
    }
  });
});

describe('the start-up check of DATABASE_URL’s role', () => {
  const adminUrl = () => process.env.DATABASE_ADMIN_URL!;

  it('finds a superuser, and a login that may become a role that bypasses RLS', async () => {
    const admin = await connected(adminUrl());
    const url = new URL(adminUrl());
    url.username = 'authenticator';
    const authenticator = await connected(url.toString());
    try {
      expect(await privilegedRoleOf(admin)).toMatchObject({
        user: 'postgres',
        role: 'postgres',
        superuser: true,
      });
      expect(await privilegedRoleOf(authenticator)).toEqual({
        user: 'authenticator',
        role: 'service_role',
        superuser: false,
        bypassRls: true,
      });
    } finally {
      await admin.end();
      await authenticator.end();
    }
  });

  describe('node dist/main.js in production', () => {
    let service: ServiceProcess | undefined;

    const production = async (databaseUrl: string) => {
      const port = await freePort();
      return new ServiceProcess({
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        PORT: String(port),
        SUPABASE_URL: process.env.SUPABASE_URL,
        // Keys of another project: the data API refuses them, the service starts anyway.
        SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_of-a-real-project-0123456789',
        SUPABASE_SECRET_KEY: 'sb_secret_of-a-real-project-0123456789',
        SECRET_KEY: 'secret-key-of-a-real-deployment-0123456789',
        DATABASE_URL: databaseUrl,
        SHUTDOWN_GRACE_MS: '0',
        DB_CONNECT_RETRIES: '0',
      });
    };

    afterEach(async () => {
      await service?.stop();
      service = undefined;
    });

    it('refuses to start as the superuser, saying why and how to fix it, and no password', async () => {
      service = await production(adminUrl());
      expect(await service.exited).toBe(1);
      const stderr = service.stderr.join('');
      expect(stderr).toContain(
        'Start-up failed: DATABASE_URL logs in as role "postgres", which is a superuser',
      );
      expect(stderr).toContain('crm_live_feed');
      expect(stderr).not.toContain(new URL(adminUrl()).password + '@');
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(service.stdout.join('')).not.toContain('listening on');
    });

    it('starts and listens as crm_live_feed', async () => {
      service = await production(feedUrl());
      await service.waitForLog((line) =>
        String(line.msg).includes('Live updates are listening'),
      );
      await service.waitForLog((line) =>
        String(line.msg).includes('listening on'),
      );
    });
  });
});
