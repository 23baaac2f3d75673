import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Activity, ActivityPage } from '../support/api-types';
import { createTestApp } from '../support/app';
import { sharedWorkspace } from '../support/database';
import { directWithToken } from '../support/postgrest';
import { entriesOf, timelineApi } from '../support/timeline';
import { apiAs, signedInUser, ws } from '../support/users';

/** Reading the timeline: a customer's with its deals', page by page; who may read it. */
describe('activity timeline', () => {
  let app: NestFastifyApplication;
  const { aCustomer, aDeal } = timelineApi(() => app);

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
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
