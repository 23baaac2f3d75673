import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../support/app';
import { sharedWorkspace, sql } from '../support/database';
import {
  apiAs,
  customerInput,
  signedInUser,
  type TestUser,
  ws,
} from '../support/users';
import { directWithToken } from '../support/postgrest';
import type {
  Activity,
  Customer,
  Deal,
  MemberList,
  StageList,
} from '../support/api-types';

/** What Supabase Auth runs when a user, or an admin, deletes an account. */
const deleteAccounts = (...users: { id: string }[]) =>
  sql('delete from auth.users where id = any ($1::uuid[])', [
    users.map((u) => u.id),
  ]);

/** Every column that refers to an account, read from the catalog: new ones are covered too. */
const accountReferences = () =>
  sql<{ tbl: string; col: string }>(
    `select c.conrelid::regclass::text as tbl, a.attname as col
       from pg_constraint c
       join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.confrelid = 'auth.users'::regclass`,
  );

const direct = (user: TestUser) => directWithToken(user.token);

describe('deleting an account (right to erasure)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  async function created<T>(
    answer: Promise<{ statusCode: number; json: () => unknown }>,
  ): Promise<T> {
    const res = await answer;
    expect(res.statusCode).toBe(201);
    return res.json() as T;
  }

  describe('of someone who wrote in a shared workspace', () => {
    let leaver: TestUser;
    let member: TestUser;
    let elderAdmin: TestUser;
    let youngerAdmin: TestUser;
    let viewer: TestUser;
    let workspace: string;
    let ownWorkspace: string;
    let customer: Customer;
    let deal: Deal;
    let before: { id: number; actor_id: string | null; updated_at: string }[];

    const entriesOf = (workspaceId: string) =>
      sql<{
        id: number;
        kind: string;
        actor_id: string | null;
        assignee_id: string | null;
        payload: Record<string, unknown>;
        updated_at: string;
      }>(
        `select id::int, kind::text, actor_id, assignee_id, payload, updated_at::text
           from public.activities where workspace_id = $1 order by id`,
        [workspaceId],
      );

    beforeAll(async () => {
      leaver = await signedInUser();
      member = await signedInUser();
      elderAdmin = await signedInUser();
      youngerAdmin = await signedInUser();
      viewer = await signedInUser();
      // The member joined first; the admins outrank them, the elder admin by seniority.
      workspace = await sharedWorkspace([
        [leaver, 'owner'],
        [member, 'member'],
        [elderAdmin, 'admin'],
        [youngerAdmin, 'admin'],
        [viewer, 'viewer'],
      ]);
      const as = apiAs(app, leaver);
      customer = await created(
        as.post(`${ws(workspace)}/customers`, customerInput()),
      );
      deal = await created(
        as.post(`${ws(workspace)}/deals`, {
          title: 'Written by the leaver',
          customer_id: customer.id,
          assignee_id: leaver.id,
        }),
      );
      const stages = (
        await as.get(`${ws(workspace)}/pipelines/${deal.pipeline_id}/stages`)
      ).json<StageList>().data;
      expect(
        (
          await as.post(`${ws(workspace)}/deals/${deal.id}/move`, {
            stage_id: stages[1].id,
          })
        ).statusCode,
      ).toBe(200);
      await created(
        as.post(`${ws(workspace)}/deals/${deal.id}/activities`, {
          kind: 'note',
          body: 'The leaver’s note',
        }),
      );
      await created(
        apiAs(app, member).post(
          `${ws(workspace)}/deals/${deal.id}/activities`,
          {
            kind: 'task',
            body: 'For the leaver',
            assignee_id: leaver.id,
          },
        ),
      );
      await created(
        as.post(`${ws(workspace)}/invitations`, {
          email: `invited-${Date.now()}@example.test`,
          role: 'viewer',
        }),
      );
      // Joined someone else's workspace by invitation: the invitation holds the leaver's email.
      const invitation = await created<{ token: string }>(
        apiAs(app, member).post(`${ws(member.workspaceId)}/invitations`, {
          email: leaver.email,
          role: 'member',
        }),
      );
      expect(
        (
          await as.post('/api/v1/invitations/accept', {
            token: invitation.token,
          })
        ).statusCode,
      ).toBe(200);
      // Alone in its personal workspace and in one of its own, both with a record.
      ownWorkspace = (
        await created<{ id: string }>(
          as.post('/api/v1/workspaces', { name: 'Only mine' }),
        )
      ).id;
      for (const id of [leaver.workspaceId, ownWorkspace]) {
        const mine = await created<{ id: string }>(
          as.post(`${ws(id)}/deals`, { title: 'Mine' }),
        );
        await created(
          as.post(`${ws(id)}/deals/${mine.id}/activities`, {
            kind: 'note',
            body: 'Mine',
          }),
        );
      }
      before = await entriesOf(workspace);

      await deleteAccounts(leaver);
    });

    it('leaves no row naming the account', async () => {
      const references = await accountReferences();
      expect(references.length).toBeGreaterThanOrEqual(10);
      const naming: string[] = [];
      for (const { tbl, col } of references) {
        const rows = await sql(
          `select 1 from ${tbl} where ${col} = $1 limit 1`,
          [leaver.id],
        );
        if (rows.length > 0) naming.push(`${tbl}.${col}`);
      }
      expect(naming).toEqual([]);
    });

    it('keeps every timeline entry, unedited, with the deleted author shown as null', async () => {
      const after = await entriesOf(workspace);
      const kept = new Map(after.map((e) => [e.id, e]));
      for (const entry of before) {
        expect(kept.get(entry.id)).toMatchObject({
          actor_id: entry.actor_id === leaver.id ? null : entry.actor_id,
          updated_at: entry.updated_at,
        });
      }
      expect(
        before.filter((e) => e.actor_id === leaver.id).length,
      ).toBeGreaterThanOrEqual(4);
      const task = after.find((e) => e.kind === 'task')!;
      expect(task).toMatchObject({ actor_id: member.id, assignee_id: null });
      // The deal lost its assignee: on record, by nobody.
      expect(after.slice(before.length)).toEqual([
        expect.objectContaining({
          kind: 'assigned',
          actor_id: null,
          payload: { from: leaver.id, to: null },
        }),
      ]);

      const timeline = await apiAs(app, viewer).get(
        `${ws(workspace)}/deals/${deal.id}/activities`,
      );
      expect(timeline.statusCode).toBe(200);
      const note = timeline
        .json<{ data: Activity[] }>()
        .data.find((e) => e.body === 'The leaver’s note');
      expect(note).toMatchObject({ actor_id: null, kind: 'note' });
    });

    it('keeps the rows the account created, now by nobody, without touching them', async () => {
      const api = apiAs(app, viewer);
      const customerNow = await api.get(
        `${ws(workspace)}/customers/${customer.id}`,
      );
      expect(customerNow.statusCode).toBe(200);
      expect(customerNow.json()).toMatchObject({
        name: customer.name,
        created_by: null,
        updated_at: customer.updated_at,
      });
      const dealNow = await api.get(`${ws(workspace)}/deals/${deal.id}`);
      expect(dealNow.json()).toMatchObject({
        title: deal.title,
        created_by: null,
        assignee_id: null,
      });
      expect(
        await sql(
          'select changed_by from public.deal_stage_history where deal_id = $1',
          [deal.id],
        ),
      ).toEqual([{ changed_by: null }, { changed_by: null }]);
    });

    it('hands ownership to the longest-standing member of the highest role, and ends the memberships', async () => {
      const members = await apiAs(app, member).get(`${ws(workspace)}/members`);
      expect(
        members.json<MemberList>().data.map((m) => [m.user_id, m.role]),
      ).toEqual([
        [member.id, 'member'],
        [elderAdmin.id, 'owner'],
        [youngerAdmin.id, 'admin'],
        [viewer.id, 'viewer'],
      ]);
      expect(
        await sql('select 1 from public.workspace_members where user_id = $1', [
          leaver.id,
        ]),
      ).toEqual([]);
    });

    it('takes away the workspaces nobody else is in, its personal one too, with what they held', async () => {
      for (const id of [leaver.workspaceId, ownWorkspace]) {
        expect(
          await sql(
            `select 'workspace' from public.workspaces where id = $1
             union all select 'deal' from public.deals where workspace_id = $1
             union all select 'entry' from public.activities where workspace_id = $1`,
            [id],
          ),
        ).toEqual([]);
      }
      expect(
        (await apiAs(app, member).get(ws(member.workspaceId))).statusCode,
      ).toBe(200);
    });

    it('keeps no invitation that holds its email', async () => {
      expect(
        await sql(
          'select 1 from public.workspace_invitations where email = $1',
          [leaver.email],
        ),
      ).toEqual([]);
    });
  });

  describe('of someone whose personal workspace is shared', () => {
    it('leaves it to the others as an ordinary workspace, with its data', async () => {
      const [person, heir] = [await signedInUser(), await signedInUser()];
      await sql(
        `insert into public.workspace_members (workspace_id, user_id, role)
         values ($1, $2, 'member')`,
        [person.workspaceId, heir.id],
      );
      await created(
        apiAs(app, person).post(
          `${ws(person.workspaceId)}/customers`,
          customerInput(),
        ),
      );

      await deleteAccounts(person);

      const api = apiAs(app, heir);
      const kept = await api.get(ws(person.workspaceId));
      expect(kept.json()).toMatchObject({ personal: false, role: 'owner' });
      const customers = await api.get(`${ws(person.workspaceId)}/customers`);
      expect(customers.json<{ data: Customer[] }>().data).toEqual([
        expect.objectContaining({ created_by: null }),
      ]);
      // Not a personal workspace any more: its new owner may delete it.
      expect((await api.delete(ws(person.workspaceId))).statusCode).toBe(204);
      expect((await api.get(ws(heir.workspaceId))).json()).toMatchObject({
        personal: true,
      });
    });
  });

  describe('of several accounts at once', () => {
    it('takes away a workspace whose only members they were', async () => {
      const [first, second] = [await signedInUser(), await signedInUser()];
      const workspace = await sharedWorkspace([
        [first, 'owner'],
        [second, 'admin'],
      ]);
      await created(
        apiAs(app, second).post(`${ws(workspace)}/customers`, customerInput()),
      );

      await deleteAccounts(first, second);

      expect(
        await sql('select 1 from public.workspaces where id = $1', [workspace]),
      ).toEqual([]);
    });
  });

  describe('straight through PostgREST', () => {
    it('nobody blanks the authorship of a row, whoever wrote it', async () => {
      const [owner, member] = [await signedInUser(), await signedInUser()];
      const workspace = await sharedWorkspace([
        [owner, 'owner'],
        [member, 'member'],
      ]);
      const customer = await created<{ id: string }>(
        apiAs(app, member).post(`${ws(workspace)}/customers`, customerInput()),
      );
      const deal = await created<{ id: string }>(
        apiAs(app, member).post(`${ws(workspace)}/deals`, { title: 'Mine' }),
      );
      const note = await created<{ id: number }>(
        apiAs(app, member).post(
          `${ws(workspace)}/deals/${deal.id}/activities`,
          {
            kind: 'note',
            body: 'Mine',
          },
        ),
      );

      for (const who of [member, owner]) {
        const db = direct(who);
        const attempts = [
          await db
            .from('activities')
            .update({ actor_id: null } as never)
            .eq('id', note.id)
            .select(),
          await db
            .from('customers')
            .update({ created_by: null } as never)
            .eq('id', customer.id)
            .select(),
          await db
            .from('deals')
            .update({ created_by: null } as never)
            .eq('id', deal.id)
            .select(),
          await db
            .from('workspaces')
            .update({ created_by: null } as never)
            .eq('id', workspace)
            .select(),
          await db
            .from('deal_stage_history')
            .update({ changed_by: null } as never)
            .eq('deal_id', deal.id)
            .select(),
        ];
        expect(attempts.map((a) => a.error?.code)).toEqual(
          Array(attempts.length).fill('42501'),
        );
      }
      const [authors] = await sql<Record<string, string | null>>(
        `select (select actor_id from public.activities where id = $1) as note,
                (select created_by from public.customers where id = $2) as customer,
                (select created_by from public.deals where id = $3) as deal,
                (select created_by from public.workspaces where id = $4) as workspace,
                (select changed_by from public.deal_stage_history where deal_id = $3) as history`,
        [note.id, customer.id, deal.id, workspace],
      );
      expect(authors).toEqual({
        note: member.id,
        customer: member.id,
        deal: member.id,
        workspace: owner.id,
        history: member.id,
      });
    });
  });
});
