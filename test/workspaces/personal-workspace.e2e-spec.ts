import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../support/app';
import { sql } from '../support/database';
import { apiAs, detailOf, signedInUser, type TestUser } from '../support/users';
import { directWithToken } from '../support/postgrest';

type Who = 'person' | 'owner' | 'admin' | 'member' | 'viewer' | 'stranger';
const OTHERS: Who[] = ['owner', 'admin', 'member', 'viewer', 'stranger'];

const LEAVE =
  'you cannot leave your personal workspace: every user keeps their own';
const KEEP =
  'a personal workspace keeps the user it belongs to as an owner: they can be neither removed nor demoted';
const sentence = (message: string) =>
  `${message[0].toUpperCase()}${message.slice(1)}.`;

/**
 * What each one meets when removing or demoting the person a personal workspace belongs to:
 * the API's status and detail, and whether the database itself refused (PostgREST) or the
 * policies hid the row (only owners touch owners).
 */
const REFUSED: Record<
  Exclude<Who, 'person'>,
  { status: number; detail: string; refusedBy: 'trigger' | 'policy' }
> = {
  owner: { status: 409, detail: sentence(KEEP), refusedBy: 'trigger' },
  admin: {
    status: 403,
    detail: 'Only an owner may change or remove an owner, or make one.',
    refusedBy: 'policy',
  },
  member: {
    status: 403,
    detail: 'Your role in this workspace does not allow this.',
    refusedBy: 'policy',
  },
  viewer: {
    status: 403,
    detail: 'Your role in this workspace does not allow this.',
    refusedBy: 'policy',
  },
  stranger: { status: 404, detail: 'No such workspace.', refusedBy: 'policy' },
};

/**
 * Every user keeps the personal workspace sign-up made for them: sharing it, even with another
 * owner, never lets it slip out of their hands.
 */
describe('a personal workspace shared with others', () => {
  let app: NestFastifyApplication;
  const users = {} as Record<Who, TestUser>;
  let workspaceId: string;
  let members: string;
  const direct = (who: Who) => directWithToken(users[who].token);
  const roleOfPerson = async () =>
    (
      await sql<{ role: string }>(
        'select role::text from public.workspace_members where workspace_id = $1 and user_id = $2',
        [workspaceId, users.person.id],
      )
    )[0]?.role;

  beforeAll(async () => {
    app = await createTestApp();
    for (const who of ['person', ...OTHERS] as Who[])
      users[who] = await signedInUser();
    workspaceId = users.person.workspaceId;
    members = `/api/v1/workspaces/${workspaceId}/members`;
    for (const who of ['owner', 'admin', 'member', 'viewer'] as Who[]) {
      await sql(
        `insert into public.workspace_members (workspace_id, user_id, role)
         values ($1, $2, $3)`,
        [workspaceId, users[who].id, who],
      );
    }
  });

  afterAll(async () => {
    await app.close();
  });

  it('cannot be left by its person, even with another owner there (409), through the API and PostgREST', async () => {
    const person = users.person;
    const left = await apiAs(app, person).delete(`${members}/${person.id}`);
    expect([left.statusCode, detailOf(left)]).toEqual([409, sentence(LEAVE)]);
    const direct_ = await direct('person')
      .from('workspace_members')
      .delete()
      .eq('workspace_id', workspaceId)
      .eq('user_id', person.id)
      .select();
    expect([direct_.error?.code, direct_.error?.message]).toEqual([
      'PT409',
      LEAVE,
    ]);
    const demoted = await apiAs(app, person).patch(`${members}/${person.id}`, {
      role: 'admin',
    });
    expect([demoted.statusCode, detailOf(demoted)]).toEqual([
      409,
      sentence(KEEP),
    ]);

    expect(await roleOfPerson()).toBe('owner');
    const mine = await apiAs(app, person).get(
      `/api/v1/workspaces/${workspaceId}`,
    );
    expect(mine.json()).toMatchObject({ personal: true, role: 'owner' });
    expect(
      await sql(
        'select 1 from public.workspaces where id = $1 and personal and created_by = $2',
        [workspaceId, person.id],
      ),
    ).toHaveLength(1);
  });

  it.each(OTHERS)(
    'cannot lose its person to %s, who neither removes nor demotes them',
    async (who) => {
      const refused = REFUSED[who as Exclude<Who, 'person'>];
      const url = `${members}/${users.person.id}`;
      const api = apiAs(app, users[who]);
      const removed = await api.delete(url);
      const demoted = await api.patch(url, { role: 'member' });
      for (const answer of [removed, demoted]) {
        expect([answer.statusCode, detailOf(answer)]).toEqual([
          refused.status,
          refused.detail,
        ]);
      }
      const db = direct(who);
      const attempts = [
        await db
          .from('workspace_members')
          .delete()
          .eq('workspace_id', workspaceId)
          .eq('user_id', users.person.id)
          .select(),
        await db
          .from('workspace_members')
          .update({ role: 'member' })
          .eq('workspace_id', workspaceId)
          .eq('user_id', users.person.id)
          .select(),
      ];
      for (const attempt of attempts) {
        if (refused.refusedBy === 'trigger') {
          expect([attempt.error?.code, attempt.error?.message]).toEqual([
            'PT409',
            KEEP,
          ]);
        } else {
          // The policies let them see no such row: nothing to remove or change.
          expect([attempt.error, attempt.data]).toEqual([null, []]);
        }
      }
      expect(await roleOfPerson()).toBe('owner');
    },
  );

  it('can still be left by everyone else', async () => {
    const viewer = users.viewer;
    const left = await apiAs(app, viewer).delete(`${members}/${viewer.id}`);
    expect(left.statusCode).toBe(204);
    const owner = users.owner;
    const gone = await direct('owner')
      .from('workspace_members')
      .delete()
      .eq('workspace_id', workspaceId)
      .eq('user_id', owner.id)
      .select('user_id');
    expect([gone.error, gone.data]).toEqual([null, [{ user_id: owner.id }]]);
  });
});
