import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../support/app';
import { sharedWorkspace, sql } from '../support/database';
import {
  apiAs,
  customerInput,
  customersOf,
  signedInUser,
  type TestUser,
} from '../support/users';
import { directWithToken } from '../support/postgrest';

type Who = 'owner' | 'admin' | 'member' | 'viewer' | 'outsider' | 'removed';
const EVERYONE: Who[] = [
  'owner',
  'admin',
  'member',
  'viewer',
  'outsider',
  'removed',
];
const RANK: Record<Who, number> = {
  outsider: -1,
  removed: -1,
  viewer: 0,
  member: 1,
  admin: 2,
  owner: 3,
};
type Needed = 'viewer' | 'member' | 'admin' | 'owner';

/** What the API must answer `who` for an operation that needs `needed`. */
function expectedStatus(who: Who, needed: Needed, success: number): number {
  if (RANK[who] < 0) return 404;
  return RANK[who] >= RANK[needed] ? success : 403;
}

/**
 * Every role, a non-member and a removed member, against every operation: through the API, and
 * with the same token straight to PostgREST, which must be exactly as limited.
 */
describe('roles in a workspace', () => {
  let app: NestFastifyApplication;
  const users = {} as Record<Who, TestUser>;
  let workspaceId: string;
  let customers: string;
  const direct = (who: Who) => directWithToken(users[who].token);

  /** A customer of the shared workspace nobody else's test touches. */
  async function aCustomer(): Promise<string> {
    const res = await apiAs(app, users.owner).post(customers, customerInput());
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string }>().id;
  }

  beforeAll(async () => {
    app = await createTestApp();
    for (const who of EVERYONE) users[who] = await signedInUser();
    workspaceId = await sharedWorkspace([
      [users.owner, 'owner'],
      [users.admin, 'admin'],
      [users.member, 'member'],
      [users.viewer, 'viewer'],
      [users.removed, 'member'],
    ]);
    customers = customersOf(workspaceId);
    await aCustomer();
    // Removed through the API, by an admin: access ends on the very next request.
    const removed = await apiAs(app, users.admin).delete(
      `/api/v1/workspaces/${workspaceId}/members/${users.removed.id}`,
    );
    expect(removed.statusCode).toBe(204);
  });

  afterAll(async () => {
    await app.close();
  });

  describe.each(EVERYONE)('as %s', (who) => {
    const api = () => apiAs(app, users[who]);
    const base = () => `/api/v1/workspaces/${workspaceId}`;

    it('reads customers only as a member, through the API and PostgREST alike', async () => {
      const expected = expectedStatus(who, 'viewer', 200);
      expect((await api().get(customers)).statusCode).toBe(expected);
      const id = await aCustomer();
      expect((await api().get(`${customers}/${id}`)).statusCode).toBe(expected);
      const rows = await direct(who)
        .from('customers')
        .select('id')
        .eq('workspace_id', workspaceId);
      expect(rows.error).toBeNull();
      expect((rows.data ?? []).length > 0).toBe(expected === 200);
      const listed = await direct(who).rpc('list_customers', {
        p_workspace_id: workspaceId,
      });
      expect(listed.error?.code).toBe(expected === 200 ? undefined : 'PT404');
    });

    it('writes customers only as a member or above', async () => {
      const expected = expectedStatus(who, 'member', 201);
      const created = await api().post(customers, customerInput());
      expect(created.statusCode).toBe(expected);

      const id = await aCustomer();
      const changed = await api().patch(`${customers}/${id}`, {
        notes: `by ${who}`,
      });
      expect(changed.statusCode).toBe(expectedStatus(who, 'member', 200));
      const deleted = await api().delete(`${customers}/${id}`);
      expect(deleted.statusCode).toBe(expectedStatus(who, 'member', 204));
      if (deleted.statusCode !== 204)
        await apiAs(app, users.owner).delete(`${customers}/${id}`);
      const restored = await api().post(`${customers}/${id}/restore`);
      expect(restored.statusCode).toBe(expectedStatus(who, 'member', 200));

      // Straight to PostgREST: the same rules.
      const allowed = expected === 201;
      const inserted = await direct(who)
        .from('customers')
        .insert({ workspace_id: workspaceId, name: `direct ${who}` })
        .select('id');
      expect(inserted.error === null).toBe(allowed);
      const other = await aCustomer();
      const updated = await direct(who)
        .from('customers')
        .update({ notes: 'direct' })
        .eq('id', other)
        .select('id');
      expect((updated.data ?? []).length).toBe(allowed ? 1 : 0);
      const [row] = await sql<{ notes: string | null }>(
        'select notes from public.customers where id = $1',
        [other],
      );
      expect(row.notes).toBe(allowed ? 'direct' : null);
    });

    it('renames the workspace only as an admin or owner', async () => {
      const res = await api().patch(base(), { name: `Renamed by ${who}` });
      expect(res.statusCode).toBe(expectedStatus(who, 'admin', 200));
      const renamed = await direct(who)
        .from('workspaces')
        .update({ name: `Direct by ${who}` })
        .eq('id', workspaceId)
        .select('id');
      expect((renamed.data ?? []).length).toBe(
        expectedStatus(who, 'admin', 200) === 200 ? 1 : 0,
      );
    });

    it('sees the workspace and its members only as a member', async () => {
      expect((await api().get(base())).statusCode).toBe(
        expectedStatus(who, 'viewer', 200),
      );
      const members = await api().get(`${base()}/members`);
      expect(members.statusCode).toBe(expectedStatus(who, 'viewer', 200));
      const rows = await direct(who)
        .from('workspace_members')
        .select('user_id')
        .eq('workspace_id', workspaceId);
      expect((rows.data ?? []).length > 0).toBe(RANK[who] >= 0);
    });

    it('invites, lists and revokes invitations only as an admin or owner', async () => {
      const invited = await api().post(`${base()}/invitations`, {
        email: `invitee-${who}-${Date.now()}@example.test`,
        role: 'member',
      });
      expect(invited.statusCode).toBe(expectedStatus(who, 'admin', 201));
      const listed = await api().get(`${base()}/invitations`);
      expect(listed.statusCode).toBe(expectedStatus(who, 'admin', 200));

      const pending = await apiAs(app, users.owner).post(
        `${base()}/invitations`,
        { email: `pending-${who}-${Date.now()}@example.test`, role: 'viewer' },
      );
      const id = pending.json<{ id: string }>().id;
      const revoked = await api().delete(`${base()}/invitations/${id}`);
      expect(revoked.statusCode).toBe(expectedStatus(who, 'admin', 204));

      const seen = await direct(who)
        .from('workspace_invitations')
        .select('id')
        .eq('workspace_id', workspaceId);
      expect((seen.data ?? []).length > 0).toBe(
        expectedStatus(who, 'admin', 200) === 200,
      );
    });

    it('changes and removes members only as an admin (owners for owners)', async () => {
      const target = await signedInUser();
      await sql(
        `insert into public.workspace_members (workspace_id, user_id, role)
         values ($1, $2, 'viewer')`,
        [workspaceId, target.id],
      );
      const changed = await api().patch(`${base()}/members/${target.id}`, {
        role: 'member',
      });
      expect(changed.statusCode).toBe(expectedStatus(who, 'admin', 200));
      const toOwner = await api().patch(`${base()}/members/${target.id}`, {
        role: 'owner',
      });
      expect(toOwner.statusCode).toBe(expectedStatus(who, 'owner', 200));
      const direct_ = await direct(who)
        .from('workspace_members')
        .update({ role: 'admin' })
        .eq('workspace_id', workspaceId)
        .eq('user_id', target.id)
        .select('role');
      // A target who became owner is an owner's to change.
      const needed: Needed = toOwner.statusCode === 200 ? 'owner' : 'admin';
      expect((direct_.data ?? []).length).toBe(
        expectedStatus(who, needed, 200) === 200 ? 1 : 0,
      );
      const removed = await api().delete(`${base()}/members/${target.id}`);
      expect(removed.statusCode).toBe(expectedStatus(who, needed, 204));
    });

    it('deletes the workspace only as its owner', async () => {
      if (who === 'owner') {
        const doomed = await sharedWorkspace([[users.owner, 'owner']]);
        expect(
          (await api().delete(`/api/v1/workspaces/${doomed}`)).statusCode,
        ).toBe(204);
        return;
      }
      expect((await api().delete(base())).statusCode).toBe(
        expectedStatus(who, 'owner', 204),
      );
      const gone = await direct(who)
        .from('workspaces')
        .delete()
        .eq('id', workspaceId)
        .select('id');
      expect(gone.data ?? []).toEqual([]);
      expect(
        await sql('select 1 from public.workspaces where id = $1', [
          workspaceId,
        ]),
      ).toHaveLength(1);
    });

    it('cannot write memberships or invitations behind the functions’ backs', async () => {
      const joined = await direct(who)
        .from('workspace_members')
        .insert({
          workspace_id: workspaceId,
          user_id: users[who].id,
          role: 'owner',
        } as never);
      expect(joined.error?.code).toBe('42501');
      const hashes = await direct(who)
        .from('workspace_invitations')
        .select('token_hash' as never);
      expect(hashes.error?.code).toBe('42501');
      const accepted = await direct(who)
        .from('workspace_invitations')
        .update({ accepted_at: new Date().toISOString() } as never)
        .eq('workspace_id', workspaceId);
      expect(accepted.error?.code).toBe('42501');
      const raised = await direct(who)
        .from('workspace_members')
        .update({ role: 'owner' })
        .eq('workspace_id', workspaceId)
        .eq('user_id', users[who].id)
        .select('role');
      expect((raised.data ?? []).length).toBe(who === 'owner' ? 1 : 0);
    });
  });
});
