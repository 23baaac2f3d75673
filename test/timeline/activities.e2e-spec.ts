import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import type { Tables } from '../../src/database/database.types';
import { createTestApp } from '../support/app';
import { sharedWorkspace, sql } from '../support/database';
import {
  apiAs,
  customerInput,
  signedInUser,
  type TestUser,
} from '../support/users';
import { directWithToken } from '../support/postgrest';
import type { Activity, ActivityPage } from '../support/api-types';

const ws = (workspaceId: string) => `/api/v1/workspaces/${workspaceId}`;

/** A timeline row as the database holds it (read with sql, beside the API). */
type EntryRow = Pick<
  Tables<'activities'>,
  'id' | 'kind' | 'customer_id' | 'deal_id' | 'actor_id' | 'payload' | 'body'
>;

describe('activity timeline', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  /** Every entry the database holds about a subject, oldest first. */
  const entriesOf = (subject: { customer?: string; deal?: string }) =>
    sql<EntryRow>(
      `select id::int, kind::text, customer_id, deal_id, actor_id, payload, body
         from public.activities
        where customer_id is not distinct from coalesce($1::uuid, customer_id)
          and deal_id is not distinct from coalesce($2::uuid, deal_id)
          and ($1::uuid is not null or $2::uuid is not null)
        order by id`,
      [subject.customer ?? null, subject.deal ?? null],
    );

  async function aCustomer(user: TestUser, workspaceId = user.workspaceId) {
    const res = await apiAs(app, user).post(
      `${ws(workspaceId)}/customers`,
      customerInput({ company: 'Analytical Engines' }),
    );
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string; name: string }>();
  }

  async function aDeal(user: TestUser, body: Record<string, unknown> = {}) {
    const res = await apiAs(app, user).post(`${ws(user.workspaceId)}/deals`, {
      title: 'Forty seats',
      amount: 100,
      ...body,
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string; stage_id: string }>();
  }

  describe('written by the database', () => {
    it('records a customer created, updated (each field before and after), deleted and restored: one entry each', async () => {
      const user = await signedInUser();
      const customer = await aCustomer(user);
      const url = `${ws(user.workspaceId)}/customers/${customer.id}`;
      await apiAs(app, user).patch(url, { status: 'active', phone: '+1 555' });
      await apiAs(app, user).delete(url);
      await apiAs(app, user).post(`${url}/restore`);
      const entries = await entriesOf({ customer: customer.id });
      expect(entries.map((e) => e.kind)).toEqual([
        'created',
        'updated',
        'deleted',
        'restored',
      ]);
      expect(entries.every((e) => e.actor_id === user.id)).toBe(true);
      expect(entries[0].payload).toMatchObject({
        customer: { name: customer.name, company: 'Analytical Engines' },
      });
      expect(entries[1].payload).toEqual({
        changes: {
          status: { from: 'lead', to: 'active' },
          phone: { from: null, to: '+1 555' },
        },
      });
    });

    it('records a deal moved (from, to) and assigned (from, to), and nothing for a move within its column', async () => {
      const [owner, member] = [await signedInUser(), await signedInUser()];
      const workspaceId = await sharedWorkspace([
        [owner, 'owner'],
        [member, 'member'],
      ]);
      const deal = (
        await apiAs(app, owner).post(`${ws(workspaceId)}/deals`, {
          title: 'Moving',
        })
      ).json<{ id: string; stage_id: string }>();
      const [won] = await sql<{ id: string }>(
        `select id from public.pipeline_stages where workspace_id = $1 and name = 'Won'`,
        [workspaceId],
      );
      const moveTo = (stage_id: string) =>
        apiAs(app, owner).post(`${ws(workspaceId)}/deals/${deal.id}/move`, {
          stage_id,
        });
      expect((await moveTo(won.id)).statusCode).toBe(200);
      expect((await moveTo(won.id)).statusCode).toBe(200);
      await apiAs(app, owner).patch(`${ws(workspaceId)}/deals/${deal.id}`, {
        assignee_id: member.id,
      });
      const entries = await entriesOf({ deal: deal.id });
      expect(entries.map((e) => [e.kind, e.payload])).toEqual([
        ['created', expect.objectContaining({})],
        [
          'stage_changed',
          {
            from: { id: deal.stage_id, name: 'Lead in' },
            to: { id: won.id, name: 'Won' },
          },
        ],
        ['assigned', { from: null, to: member.id }],
      ]);
    });

    it('records nothing for a change that is rolled back', async () => {
      const user = await signedInUser();
      const customer = await aCustomer(user);
      const client = new Client({
        connectionString: process.env.DATABASE_ADMIN_URL,
      });
      await client.connect();
      try {
        await client.query('begin');
        await client.query(
          `update public.customers set name = 'Rolled back' where id = $1`,
          [customer.id],
        );
        const inside = await client.query(
          'select count(*)::int as n from public.activities where customer_id = $1',
          [customer.id],
        );
        expect(inside.rows).toEqual([{ n: 2 }]);
        await client.query('rollback');
      } finally {
        await client.end();
      }
      expect(
        (await entriesOf({ customer: customer.id })).map((e) => e.kind),
      ).toEqual(['created']);
    });

    it('lets nobody change or delete what it recorded, not even straight through PostgREST', async () => {
      const user = await signedInUser();
      const customer = await aCustomer(user);
      const [entry] = await entriesOf({ customer: customer.id });
      const direct = directWithToken(user.token);
      const edited = await direct
        .from('activities')
        .update({ body: 'rewritten' })
        .eq('id', entry.id)
        .select();
      const payload = await direct
        .from('activities')
        .update({ payload: {} } as never)
        .eq('id', entry.id)
        .select();
      const deleted = await direct
        .from('activities')
        .delete()
        .eq('id', entry.id);
      const forged = await direct.from('activities').insert({
        workspace_id: user.workspaceId,
        customer_id: customer.id,
        kind: 'deleted',
      } as never);
      const someoneElse = await direct.from('activities').insert({
        workspace_id: user.workspaceId,
        customer_id: customer.id,
        kind: 'note',
        body: 'as someone else',
        actor_id: '00000000-0000-4000-8000-000000000000',
      } as never);
      expect([
        edited.data,
        payload.error?.code,
        deleted.error?.code,
        forged.error?.code,
        someoneElse.error?.code,
      ]).toEqual([[], '42501', '42501', 'PT422', '42501']);
      const api = await apiAs(app, user).patch(
        `${ws(user.workspaceId)}/activities/${entry.id}`,
        { body: 'rewritten' },
      );
      expect(api.statusCode).toBe(403);
      expect(await entriesOf({ customer: customer.id })).toEqual([entry]);
    });
  });

  describe('written by people', () => {
    it('adds notes, calls and tasks to a customer or a deal, as the caller, now', async () => {
      const [owner, member] = [await signedInUser(), await signedInUser()];
      const workspaceId = await sharedWorkspace([
        [owner, 'owner'],
        [member, 'member'],
      ]);
      const customer = await aCustomer(owner, workspaceId);
      const call = await apiAs(app, member).post(
        `${ws(workspaceId)}/customers/${customer.id}/activities`,
        { kind: 'call', body: '  Called: wants a quote. ' },
      );
      expect(call.statusCode).toBe(201);
      expect(call.json()).toMatchObject({
        kind: 'call',
        body: 'Called: wants a quote.',
        actor_id: member.id,
        customer_id: customer.id,
      });
      const due = new Date(Date.now() + 86_400_000).toISOString();
      const task = await apiAs(app, owner).post(
        `${ws(workspaceId)}/customers/${customer.id}/activities`,
        {
          kind: 'task',
          body: 'Send the quote',
          due_at: due,
          assignee_id: member.id,
        },
      );
      expect(task.json()).toMatchObject({
        assignee_id: member.id,
        completed_at: null,
      });
      const refused = await apiAs(app, owner).post(
        `${ws(workspaceId)}/customers/${customer.id}/activities`,
        { kind: 'note', body: 'Not a task', due_at: due },
      );
      expect(refused.statusCode).toBe(422);
      const system = await apiAs(app, owner).post(
        `${ws(workspaceId)}/customers/${customer.id}/activities`,
        { kind: 'created', body: 'Forged' },
      );
      expect(system.statusCode).toBe(400);
    });

    it("refuses, straight through PostgREST, an entry about another workspace's customer or deal, or for an assignee outside the workspace", async () => {
      const [ada, bob] = [await signedInUser(), await signedInUser()];
      const mine = await aCustomer(ada);
      const [theirs, theirDeal] = [await aCustomer(bob), await aDeal(bob)];
      const direct = directWithToken(ada.token);
      const insert = (row: Record<string, unknown>) =>
        direct
          .from('activities')
          .insert({
            workspace_id: ada.workspaceId,
            kind: 'note',
            body: 'x',
            ...row,
          } as never)
          .select('id');
      const codes = [
        (await insert({ customer_id: theirs.id })).error?.code,
        (await insert({ deal_id: theirDeal.id })).error?.code,
        (
          await insert({
            customer_id: mine.id,
            kind: 'task',
            assignee_id: bob.id,
          })
        ).error?.code,
      ];
      expect(codes).toEqual(['PT404', 'PT404', 'PT422']);
      const task = await insert({ customer_id: mine.id, kind: 'task' });
      expect(task.error).toBeNull();
      const reassigned = await direct
        .from('activities')
        .update({ assignee_id: bob.id })
        .eq('id', task.data![0].id);
      expect(reassigned.error?.code).toBe('PT422');
      // Bob's customer still has only the entry of its creation.
      expect(
        (await entriesOf({ customer: theirs.id })).map((e) => e.kind),
      ).toEqual(['created']);
    });

    it('lets the author change an entry and the assignee complete a task, nobody else', async () => {
      const [owner, member, other] = [
        await signedInUser(),
        await signedInUser(),
        await signedInUser(),
      ];
      const workspaceId = await sharedWorkspace([
        [owner, 'owner'],
        [member, 'member'],
        [other, 'member'],
      ]);
      const customer = await aCustomer(owner, workspaceId);
      const task = (
        await apiAs(app, owner).post(
          `${ws(workspaceId)}/customers/${customer.id}/activities`,
          { kind: 'task', body: 'Send the quote', assignee_id: member.id },
        )
      ).json<Activity>();
      const url = `${ws(workspaceId)}/activities/${task.id}`;
      expect(
        (await apiAs(app, other).patch(url, { completed: true })).statusCode,
      ).toBe(403);
      expect(
        (await apiAs(app, member).patch(url, { body: 'Mine now' })).statusCode,
      ).toBe(403);
      const done = await apiAs(app, member).patch(url, { completed: true });
      expect(done.statusCode).toBe(200);
      expect(done.json<Activity>().completed_at).not.toBeNull();
      const edited = await apiAs(app, owner).patch(url, {
        body: 'Send the signed quote',
      });
      expect(edited.json()).toMatchObject({ body: 'Send the signed quote' });
      const reopened = await apiAs(app, owner).patch(url, { completed: false });
      expect(reopened.json<Activity>().completed_at).toBeNull();

      // Straight through PostgREST the completion time is still the database's, not the client's.
      const direct = directWithToken(member.token);
      const backdated = await direct
        .from('activities')
        .update({ completed_at: '2001-01-01T00:00:00Z' })
        .eq('id', task.id)
        .select('completed_at')
        .single();
      expect(backdated.error).toBeNull();
      const stamped = Date.parse(backdated.data!.completed_at!);
      expect(Math.abs(stamped - Date.now())).toBeLessThan(60_000);
    });

    it('lists tasks by due date: mine, open or done, due before', async () => {
      const user = await signedInUser();
      const customer = await aCustomer(user);
      const add = async (body: string, due_at?: string) =>
        (
          await apiAs(app, user).post(
            `${ws(user.workspaceId)}/customers/${customer.id}/activities`,
            { kind: 'task', body, due_at, assignee_id: user.id },
          )
        ).json<Activity>();
      const later = await add('later', '2030-01-02T00:00:00Z');
      const undated = await add('undated');
      const soon = await add('soon', '2030-01-01T00:00:00Z');
      await apiAs(app, user).patch(
        `${ws(user.workspaceId)}/activities/${later.id}`,
        {
          completed: true,
        },
      );
      const list = async (query: string) =>
        (
          await apiAs(app, user).get(`${ws(user.workspaceId)}/tasks?${query}`)
        ).json<ActivityPage>();
      expect((await list('assignee=me')).data.map((t) => t.body)).toEqual([
        'soon',
        'later',
        'undated',
      ]);
      expect(
        (await list('assignee=me&status=open')).data.map((t) => t.id),
      ).toEqual([soon.id, undated.id]);
      expect(
        (await list('due_before=2030-01-01T12:00:00Z')).data.map((t) => t.id),
      ).toEqual([soon.id]);
      const seen: number[] = [];
      let page = await list('limit=1');
      seen.push(...page.data.map((t) => t.id));
      while (page.meta.next_cursor) {
        page = await list(
          `limit=1&cursor=${encodeURIComponent(page.meta.next_cursor)}`,
        );
        seen.push(...page.data.map((t) => t.id));
      }
      expect(seen).toEqual([soon.id, later.id, undated.id]);
    });
  });

  describe('reading', () => {
    it("shows a customer's timeline with its deals' entries, newest first, page by page", async () => {
      const user = await signedInUser();
      const customer = await aCustomer(user);
      const deal = await aDeal(user, { customer_id: customer.id });
      await apiAs(app, user).post(
        `${ws(user.workspaceId)}/deals/${deal.id}/activities`,
        { kind: 'meeting', body: 'Demo' },
      );
      const unrelated = await aCustomer(user);
      const seen: Activity[] = [];
      let cursor: string | null = null;
      do {
        const res = await apiAs(app, user).get(
          `${ws(user.workspaceId)}/customers/${customer.id}/activities?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(res.statusCode).toBe(200);
        const page = res.json<ActivityPage>();
        seen.push(...page.data);
        cursor = page.meta.next_cursor;
      } while (cursor);
      expect(seen.map((e) => [e.kind, e.customer_id ?? e.deal_id])).toEqual([
        ['meeting', deal.id],
        ['created', deal.id],
        ['created', customer.id],
      ]);
      const feed = await apiAs(app, user).get(
        `${ws(user.workspaceId)}/activities?kind=created&limit=100`,
      );
      expect(
        feed.json<ActivityPage>().data.map((e) => e.customer_id ?? e.deal_id),
      ).toEqual([unrelated.id, deal.id, customer.id]);
      const ofDeal = await apiAs(app, user).get(
        `${ws(user.workspaceId)}/deals/${deal.id}/activities?kind=meeting`,
      );
      expect(ofDeal.json<ActivityPage>().data.map((e) => e.body)).toEqual([
        'Demo',
      ]);
    });

    it("answers 404 for another workspace's timeline, and lets a viewer read but not write", async () => {
      const [owner, viewer, stranger] = [
        await signedInUser(),
        await signedInUser(),
        await signedInUser(),
      ];
      const workspaceId = await sharedWorkspace([
        [owner, 'owner'],
        [viewer, 'viewer'],
      ]);
      const customer = await aCustomer(owner, workspaceId);
      const url = `${ws(workspaceId)}/customers/${customer.id}/activities`;
      expect((await apiAs(app, viewer).get(url)).statusCode).toBe(200);
      expect(
        (await apiAs(app, viewer).post(url, { kind: 'note', body: 'x' }))
          .statusCode,
      ).toBe(403);
      expect((await apiAs(app, stranger).get(url)).statusCode).toBe(404);
      expect(
        (await apiAs(app, stranger).post(url, { kind: 'note', body: 'x' }))
          .statusCode,
      ).toBe(404);
      // Straight through PostgREST with the stranger's token: not a row of it.
      const direct = directWithToken(stranger.token);
      const seen = await direct
        .from('activities')
        .select('id')
        .eq('workspace_id', workspaceId);
      expect(seen).toMatchObject({ error: null, data: [] });
      // The timeline function too: neither in that workspace, nor the customer under their own.
      for (const p_workspace_id of [workspaceId, stranger.workspaceId]) {
        const timeline = await direct.rpc('list_activities', {
          p_workspace_id,
          p_customer_id: customer.id,
        });
        expect(timeline).toMatchObject({ data: null, status: 404 });
      }
      const asViewer = await directWithToken(viewer.token).rpc(
        'list_activities',
        {
          p_workspace_id: workspaceId,
          p_customer_id: customer.id,
        },
      );
      expect(asViewer.error).toBeNull();
      expect(asViewer.data).toMatchObject({
        data: [{ kind: 'created', customer_id: customer.id }],
      });
      expect(await entriesOf({ customer: customer.id })).toHaveLength(1);
    });
  });
});
