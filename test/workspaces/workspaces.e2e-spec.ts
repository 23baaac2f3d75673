import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../support/app';
import { sharedWorkspace, sql } from '../support/database';
import {
  apiAs,
  customersOf,
  signedInUser,
  type TestUser,
} from '../support/users';
import type { CreatedInvitation, Workspace } from '../support/api-types';

const WORKSPACES = '/api/v1/workspaces';

describe('workspaces', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  describe('from sign-up', () => {
    it('gives every user a personal workspace they own, which cannot be deleted', async () => {
      const user = await signedInUser();
      const mine = await apiAs(app, user).get(WORKSPACES);
      expect(mine.statusCode).toBe(200);
      expect(mine.json<{ data: Workspace[] }>().data).toEqual([
        expect.objectContaining({
          id: user.workspaceId,
          personal: true,
          role: 'owner',
        }),
      ]);
      const deleted = await apiAs(app, user).delete(
        `${WORKSPACES}/${user.workspaceId}`,
      );
      expect(deleted.statusCode).toBe(409);
      expect(deleted.json()).toMatchObject({
        detail: 'A personal workspace cannot be deleted.',
      });
    });
  });

  describe('lifecycle', () => {
    it('creates a workspace owned by its creator, renames it, deletes it with its customers', async () => {
      const user = await signedInUser();
      const api = apiAs(app, user);
      const created = await api.post(WORKSPACES, { name: '  Acme Sales ' });
      expect(created.statusCode).toBe(201);
      const workspace = created.json<Workspace>();
      expect(workspace).toMatchObject({
        name: 'Acme Sales',
        personal: false,
        role: 'owner',
      });
      const renamed = await api.patch(`${WORKSPACES}/${workspace.id}`, {
        name: 'Acme EMEA',
      });
      expect(renamed.json()).toMatchObject({
        name: 'Acme EMEA',
        role: 'owner',
      });
      expect(
        (await api.post(customersOf(workspace.id), { name: 'Kept?' }))
          .statusCode,
      ).toBe(201);
      expect(
        (await api.delete(`${WORKSPACES}/${workspace.id}`)).statusCode,
      ).toBe(204);
      expect((await api.get(`${WORKSPACES}/${workspace.id}`)).statusCode).toBe(
        404,
      );
      expect(
        await sql('select 1 from public.customers where workspace_id = $1', [
          workspace.id,
        ]),
      ).toHaveLength(0);
    });

    it.each([
      ['an empty name', { name: '   ' }],
      ['a name over 100 characters', { name: 'n'.repeat(101) }],
      ['no name', {}],
      ['an unknown field', { name: 'A', personal: true }],
    ])('answers 400 to %s', async (_case, body) => {
      const user = await signedInUser();
      expect((await apiAs(app, user).post(WORKSPACES, body)).statusCode).toBe(
        400,
      );
    });
  });

  describe('the last owner', () => {
    it('can neither leave nor be demoted, until there is another owner', async () => {
      const [owner, other] = [await signedInUser(), await signedInUser()];
      const ws = await sharedWorkspace([
        [owner, 'owner'],
        [other, 'admin'],
      ]);
      const api = apiAs(app, owner);
      const leave = await api.delete(`${WORKSPACES}/${ws}/members/${owner.id}`);
      expect(leave.statusCode).toBe(409);
      expect(leave.json()).toMatchObject({
        detail:
          'A workspace keeps at least one owner: make another member owner first.',
      });
      expect(
        (
          await api.patch(`${WORKSPACES}/${ws}/members/${owner.id}`, {
            role: 'admin',
          })
        ).statusCode,
      ).toBe(409);
      expect(
        (
          await api.patch(`${WORKSPACES}/${ws}/members/${other.id}`, {
            role: 'owner',
          })
        ).statusCode,
      ).toBe(200);
      expect(
        (await api.delete(`${WORKSPACES}/${ws}/members/${owner.id}`))
          .statusCode,
      ).toBe(204);
      expect((await api.get(`${WORKSPACES}/${ws}`)).statusCode).toBe(404);
    });

    it('keeps an owner when two owners demote each other at once', async () => {
      const [first, second] = [await signedInUser(), await signedInUser()];
      const ws = await sharedWorkspace([
        [first, 'owner'],
        [second, 'owner'],
      ]);
      const answers = await Promise.all([
        apiAs(app, first).patch(`${WORKSPACES}/${ws}/members/${second.id}`, {
          role: 'member',
        }),
        apiAs(app, second).patch(`${WORKSPACES}/${ws}/members/${first.id}`, {
          role: 'member',
        }),
      ]);
      const owners = await sql(
        `select 1 from public.workspace_members where workspace_id = $1 and role = 'owner'`,
        [ws],
      );
      expect(owners).toHaveLength(1);
      // The second to commit finds itself the last owner (409), or no longer an owner (403).
      const [won, lost] = answers.map((a) => a.statusCode).sort();
      expect(won).toBe(200);
      expect([403, 409]).toContain(lost);
    });

    it('hands a deleted account’s workspace to the longest-standing member left', async () => {
      const [owner, admin] = [await signedInUser(), await signedInUser()];
      const ws = await sharedWorkspace([
        [owner, 'owner'],
        [admin, 'admin'],
      ]);
      await sql('delete from auth.users where id = $1', [owner.id]);
      const [row] = await sql<{ role: string }>(
        'select role from public.workspace_members where workspace_id = $1 and user_id = $2',
        [ws, admin.id],
      );
      expect(row.role).toBe('owner');
    });
  });

  describe('invitations', () => {
    let owner: TestUser;
    let ws: string;
    const invite = async (email: string, role = 'member') => {
      const res = await apiAs(app, owner).post(
        `${WORKSPACES}/${ws}/invitations`,
        { email, role },
      );
      expect(res.statusCode).toBe(201);
      return res.json<CreatedInvitation>();
    };
    const accept = (user: TestUser, token: string) =>
      apiAs(app, user).post('/api/v1/invitations/accept', { token });
    const fresh = () => `invitee-${Date.now()}-${Math.random()}@example.test`;

    beforeAll(async () => {
      owner = await signedInUser();
      ws = (
        await apiAs(app, owner).post(WORKSPACES, { name: 'Invitations' })
      ).json<Workspace>().id;
    });

    it('lets the invited email join with the role given, once', async () => {
      const email = fresh();
      const invitation = await invite(email, 'viewer');
      expect(invitation.token).toMatch(/^[0-9a-f]{64}$/);
      const pending = await apiAs(app, owner).get(
        `${WORKSPACES}/${ws}/invitations`,
      );
      const listed = pending.json<{ data: Record<string, unknown>[] }>().data;
      expect(listed.map((i) => i.id)).toContain(invitation.id);
      expect(JSON.stringify(listed)).not.toContain(invitation.token);

      const invitee = await signedInUser(email);
      const accepted = await accept(invitee, invitation.token);
      expect(accepted.statusCode).toBe(200);
      expect(accepted.json()).toEqual({ workspace_id: ws, role: 'viewer' });
      expect((await apiAs(app, invitee).get(customersOf(ws))).statusCode).toBe(
        200,
      );
      expect((await accept(invitee, invitation.token)).statusCode).toBe(410);
      const stillPending = await apiAs(app, owner).get(
        `${WORKSPACES}/${ws}/invitations`,
      );
      expect(
        stillPending.json<{ data: { id: string }[] }>().data.map((i) => i.id),
      ).not.toContain(invitation.id);
    });

    it('answers 403 to another email, and lets the right one accept after', async () => {
      const email = fresh();
      const invitation = await invite(email);
      const stranger = await signedInUser();
      const refused = await accept(stranger, invitation.token);
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({
        detail: 'The invitation is for another email address.',
      });
      expect(
        (await accept(await signedInUser(email), invitation.token)).statusCode,
      ).toBe(200);
    });

    it('answers 410 to an expired or a revoked invitation', async () => {
      const expiredEmail = fresh();
      const expired = await invite(expiredEmail);
      await sql(
        `update public.workspace_invitations set expires_at = now() - interval '1 second' where id = $1`,
        [expired.id],
      );
      expect(
        (await accept(await signedInUser(expiredEmail), expired.token))
          .statusCode,
      ).toBe(410);

      const revokedEmail = fresh();
      const revoked = await invite(revokedEmail);
      expect(
        (
          await apiAs(app, owner).delete(
            `${WORKSPACES}/${ws}/invitations/${revoked.id}`,
          )
        ).statusCode,
      ).toBe(204);
      expect(
        (await accept(await signedInUser(revokedEmail), revoked.token))
          .statusCode,
      ).toBe(410);
      expect(
        (
          await apiAs(app, owner).delete(
            `${WORKSPACES}/${ws}/invitations/${revoked.id}`,
          )
        ).statusCode,
      ).toBe(410);
    });

    it('admits one acceptance when the same invitation is accepted twice at once', async () => {
      const email = fresh();
      const invitation = await invite(email);
      const invitee = await signedInUser(email);
      const answers = await Promise.all([
        accept(invitee, invitation.token),
        accept(invitee, invitation.token),
      ]);
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 410]);
      expect(
        await sql(
          'select 1 from public.workspace_members where workspace_id = $1 and user_id = $2',
          [ws, invitee.id],
        ),
      ).toHaveLength(1);
    });

    it('answers 404 to a token nobody issued, and 409 to a member', async () => {
      const someone = await signedInUser();
      expect((await accept(someone, 'a'.repeat(64))).statusCode).toBe(404);
      const invitation = await invite(owner.email);
      expect((await accept(owner, invitation.token)).statusCode).toBe(409);
    });

    it('lets only owners invite owners', async () => {
      const admin = await signedInUser();
      await sql(
        `insert into public.workspace_members (workspace_id, user_id, role) values ($1, $2, 'admin')`,
        [ws, admin.id],
      );
      const res = await apiAs(app, admin).post(
        `${WORKSPACES}/${ws}/invitations`,
        {
          email: fresh(),
          role: 'owner',
        },
      );
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({
        detail: 'Only an owner may invite an owner.',
      });
    });

    it('keeps only a hash of the token', async () => {
      const invitation = await invite(fresh());
      const [row] = await sql<{ token_hash: string }>(
        'select token_hash from public.workspace_invitations where id = $1',
        [invitation.id],
      );
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.token_hash).not.toBe(invitation.token);
    });
  });
});
