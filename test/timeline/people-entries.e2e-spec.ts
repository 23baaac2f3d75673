import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Activity, ActivityPage } from '../support/api-types';
import { createTestApp } from '../support/app';
import { sharedWorkspace } from '../support/database';
import { directWithToken } from '../support/postgrest';
import { entriesOf, timelineApi } from '../support/timeline';
import { apiAs, signedInUser, ws } from '../support/users';

/** Entries people write (notes, calls, tasks): who may write, change and complete them. */
describe('activity timeline', () => {
  let app: NestFastifyApplication;
  const { aCustomer, aDeal } = timelineApi(() => app);

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
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
});
