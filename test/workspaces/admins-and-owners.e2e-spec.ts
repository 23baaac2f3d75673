import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../support/app';
import { sharedWorkspace, sql } from '../support/database';
import { directWithToken } from '../support/postgrest';
import { apiAs, detailOf, signedInUser, type TestUser } from '../support/users';

const OWNERS_ONLY = 'Only an owner may change or remove an owner, or make one.';

/**
 * Admins manage viewers, members and admins; owners are for owners. An admin tries to demote,
 * change and remove an owner, and to make one, through the API and with the same token straight
 * to PostgREST: each is refused by the rule that says so, and nothing changes.
 */
describe('admins against owners', () => {
  let app: NestFastifyApplication;
  let owner: TestUser;
  let coOwner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let workspaceId: string;
  let members: string;

  const roleOf = async (user: TestUser) =>
    (
      await sql<{ role: string }>(
        'select role from public.workspace_members where workspace_id = $1 and user_id = $2',
        [workspaceId, user.id],
      )
    )[0]?.role ?? null;

  beforeAll(async () => {
    app = await createTestApp();
    [owner, coOwner, admin, member] = [
      await signedInUser(),
      await signedInUser(),
      await signedInUser(),
      await signedInUser(),
    ];
    // Two owners: demoting or removing one would leave an owner, so only the role rule refuses.
    workspaceId = await sharedWorkspace([
      [owner, 'owner'],
      [coOwner, 'owner'],
      [admin, 'admin'],
      [member, 'member'],
    ]);
    members = `/api/v1/workspaces/${workspaceId}/members`;
  });

  afterAll(async () => {
    await app.close();
  });

  describe('through the API', () => {
    it.each([
      ['demote an owner', () => coOwner, 'admin'],
      ['change an owner to a viewer', () => coOwner, 'viewer'],
      ['make a member an owner', () => member, 'owner'],
      ['make themselves an owner', () => admin, 'owner'],
    ])(
      'refuses an admin who tries to %s (403, the rule named)',
      async (_, target, role) => {
        const before = await roleOf(target());
        const res = await apiAs(app, admin).patch(`${members}/${target().id}`, {
          role,
        });
        expect([res.statusCode, detailOf(res)]).toEqual([403, OWNERS_ONLY]);
        expect(await roleOf(target())).toBe(before);
      },
    );

    it('refuses an admin who tries to remove an owner (403, the rule named)', async () => {
      const res = await apiAs(app, admin).delete(`${members}/${coOwner.id}`);
      expect([res.statusCode, detailOf(res)]).toEqual([403, OWNERS_ONLY]);
      expect(await roleOf(coOwner)).toBe('owner');
    });

    it('refuses an admin who invites an owner, or revokes an owner’s invitation', async () => {
      const invited = await apiAs(app, admin).post(
        `/api/v1/workspaces/${workspaceId}/invitations`,
        { email: `owner-${Date.now()}@example.test`, role: 'owner' },
      );
      expect([invited.statusCode, detailOf(invited)]).toEqual([
        403,
        'Only an owner may invite an owner.',
      ]);
      const byOwner = await apiAs(app, owner).post(
        `/api/v1/workspaces/${workspaceId}/invitations`,
        { email: `owner-${Date.now()}@example.test`, role: 'owner' },
      );
      expect(byOwner.statusCode).toBe(201);
      const { id } = byOwner.json<{ id: string }>();
      const revoked = await apiAs(app, admin).delete(
        `/api/v1/workspaces/${workspaceId}/invitations/${id}`,
      );
      expect([revoked.statusCode, detailOf(revoked)]).toEqual([
        404,
        'No such pending invitation, or not one you may revoke.',
      ]);
      const [row] = await sql<{ revoked_at: string | null }>(
        'select revoked_at from public.workspace_invitations where id = $1',
        [id],
      );
      expect(row.revoked_at).toBeNull();
    });

    it('lets an owner do each of these', async () => {
      const api = apiAs(app, owner);
      const demoted = await api.patch(`${members}/${coOwner.id}`, {
        role: 'admin',
      });
      expect(demoted.statusCode).toBe(200);
      const promoted = await api.patch(`${members}/${coOwner.id}`, {
        role: 'owner',
      });
      expect(promoted.statusCode).toBe(200);
      expect(await roleOf(coOwner)).toBe('owner');
    });
  });

  describe('the same token straight to PostgREST', () => {
    const direct = () => directWithToken(admin.token);

    it('changes no owner: the update policy hides owners’ rows from admins', async () => {
      for (const role of ['admin', 'viewer'] as const) {
        const res = await direct()
          .from('workspace_members')
          .update({ role })
          .eq('workspace_id', workspaceId)
          .eq('user_id', coOwner.id)
          .select('role');
        expect([res.error, res.data]).toEqual([null, []]);
      }
      expect(await roleOf(coOwner)).toBe('owner');
    });

    it('makes no owner: the update policy refuses the new row', async () => {
      for (const target of [member, admin]) {
        const res = await direct()
          .from('workspace_members')
          .update({ role: 'owner' })
          .eq('workspace_id', workspaceId)
          .eq('user_id', target.id)
          .select('role');
        expect(res.error).toMatchObject({
          code: '42501',
          message:
            'new row violates row-level security policy for table "workspace_members"',
        });
      }
      expect([await roleOf(member), await roleOf(admin)]).toEqual([
        'member',
        'admin',
      ]);
    });

    it('removes no owner: the delete policy hides owners’ rows from admins', async () => {
      const res = await direct()
        .from('workspace_members')
        .delete()
        .eq('workspace_id', workspaceId)
        .eq('user_id', coOwner.id)
        .select('user_id');
      expect([res.error, res.data]).toEqual([null, []]);
      expect(await roleOf(coOwner)).toBe('owner');
    });

    it('revokes no owner’s invitation, and invites no owner', async () => {
      const invited = await directWithToken(owner.token).rpc(
        'create_invitation',
        {
          p_workspace_id: workspaceId,
          p_email: `owner-${Date.now()}@example.test`,
          p_role: 'owner',
        },
      );
      const { id } = invited.data as { id: string };
      const revoked = await direct()
        .from('workspace_invitations')
        .update({ revoked_at: new Date().toISOString() })
        .eq('id', id)
        .select('id');
      expect([revoked.error, revoked.data]).toEqual([null, []]);
      const own = await direct().rpc('create_invitation', {
        p_workspace_id: workspaceId,
        p_email: `owner-${Date.now()}@example.test`,
        p_role: 'owner',
      });
      expect(own.error).toMatchObject({
        code: 'PT403',
        message: 'only an owner may invite an owner',
      });
    });
  });
});
