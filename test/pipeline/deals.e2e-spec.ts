import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Deal, Pipeline } from '../support/api-types';
import { createTestApp } from '../support/app';
import { sql } from '../support/database';
import { bytewise, pipelineApi } from '../support/pipeline';
import {
  apiAs,
  customerInput,
  customersOf,
  signedInUser,
  ws,
} from '../support/users';

/** Deals: creating, editing with If-Match, cross-workspace references, soft delete, listing. */
describe('sales pipeline', () => {
  let app: NestFastifyApplication;
  const { send, salesPipeline, newDeal, column, move } = pipelineApi(() => app);

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  describe('deals', () => {
    it('creates a deal at the bottom of the first stage of the first pipeline, in the workspace currency', async () => {
      const user = await signedInUser();
      const { byName } = await salesPipeline(user);
      const first = await newDeal(user, {
        title: '  Engines ',
        amount: 1200.5,
      });
      const second = await newDeal(user, {});
      expect(first).toMatchObject({
        title: 'Engines',
        stage_id: byName['Lead in'].id,
        amount: 1200.5,
        currency: 'USD',
        closed_at: null,
        version: 1,
        created_by: user.id,
      });
      expect(bytewise(first.position, second.position)).toBe(-1);
      const read = await apiAs(app, user).get(
        `${ws(user.workspaceId)}/deals/${first.id}`,
      );
      expect(read.headers.etag).toBe('"1"');
    });

    it('edits with If-Match: a stale version gets 412 and changes nothing', async () => {
      const user = await signedInUser();
      const deal = await newDeal(user, { amount: 10 });
      const url = `${ws(user.workspaceId)}/deals/${deal.id}`;
      const edited = await send(
        user,
        'PATCH',
        url,
        { amount: 20 },
        { 'if-match': '"1"' },
      );
      expect(edited.statusCode).toBe(200);
      expect(edited.headers.etag).toBe('"2"');
      expect(edited.json()).toMatchObject({ amount: 20, version: 2 });
      const stale = await send(
        user,
        'PATCH',
        url,
        { amount: 30 },
        { 'if-match': '"1"' },
      );
      expect(stale.statusCode).toBe(412);
      expect(stale.headers['content-type']).toContain(
        'application/problem+json',
      );
      expect((await apiAs(app, user).get(url)).json()).toMatchObject({
        amount: 20,
        version: 2,
      });
      const unparsable = await send(
        user,
        'PATCH',
        url,
        { amount: 30 },
        { 'if-match': 'soon' },
      );
      expect(unparsable.statusCode).toBe(400);
      const anyVersion = await send(
        user,
        'PATCH',
        url,
        { amount: 40 },
        { 'if-match': '*' },
      );
      expect(anyVersion.json()).toMatchObject({ amount: 40, version: 3 });
    });

    it("refuses another workspace's customer, stage or pipeline, and an assignee who is not a member (422)", async () => {
      const user = await signedInUser();
      const other = await signedInUser();
      const theirs = await apiAs(app, other).post(
        other.customers,
        customerInput(),
      );
      const { byName: theirStages, pipeline: theirPipeline } =
        await salesPipeline(other);
      const mine = await salesPipeline(user);
      const cases: [Record<string, unknown>, string][] = [
        [
          { customer_id: theirs.json<{ id: string }>().id },
          'The customer is not one of this workspace.',
        ],
        [
          { assignee_id: other.id },
          'The assignee is not a member of this workspace.',
        ],
        [
          { stage_id: theirStages.Won.id },
          'stage_id is not a stage of this workspace',
        ],
        [
          { pipeline_id: theirPipeline.id },
          'pipeline_id is not a pipeline of this workspace',
        ],
        [
          {
            pipeline_id: (
              await apiAs(app, user).post(`${ws(user.workspaceId)}/pipelines`, {
                name: 'Other',
              })
            ).json<Pipeline>().id,
            stage_id: mine.byName.Won.id,
          },
          'stage_id is not a stage of pipeline_id',
        ],
      ];
      for (const [body, detail] of cases) {
        const res = await apiAs(app, user).post(
          `${ws(user.workspaceId)}/deals`,
          {
            title: 'Crossing',
            ...body,
          },
        );
        expect([
          body,
          res.statusCode,
          res.json<{ detail: string }>().detail,
        ]).toEqual([body, 422, expect.stringContaining(detail)]);
      }
      const deal = await newDeal(user, {});
      const reassigned = await apiAs(app, user).patch(
        `${ws(user.workspaceId)}/deals/${deal.id}`,
        { assignee_id: other.id },
      );
      expect(reassigned.statusCode).toBe(422);
      expect(
        await sql(
          'select count(*)::int as n from public.deals where workspace_id = $1',
          [user.workspaceId],
        ),
      ).toEqual([{ n: 1 }]);
    });

    it('deletes a deal softly and restores it to the bottom of its column', async () => {
      const user = await signedInUser();
      const { pipeline, byName } = await salesPipeline(user);
      const [a, b] = [await newDeal(user, {}), await newDeal(user, {})];
      const url = `${ws(user.workspaceId)}/deals/${a.id}`;
      expect((await apiAs(app, user).delete(url)).statusCode).toBe(204);
      expect((await apiAs(app, user).get(url)).statusCode).toBe(404);
      expect(
        (await column(user, byName['Lead in'], pipeline.id)).map((d) => d.id),
      ).toEqual([b.id]);
      const restored = await apiAs(app, user).post(`${url}/restore`);
      expect(restored.statusCode).toBe(200);
      expect(
        (await column(user, byName['Lead in'], pipeline.id)).map((d) => d.id),
      ).toEqual([b.id, a.id]);
    });

    it('lists deals by status, amount, title and customer, in pages and by cursor', async () => {
      const user = await signedInUser();
      const { byName } = await salesPipeline(user);
      const customer = (
        await apiAs(app, user).post(user.customers, customerInput())
      ).json<{ id: string }>();
      const made: Deal[] = [];
      for (let i = 0; i < 6; i++)
        made.push(
          await newDeal(user, {
            title: i % 2 ? `Renewal ${i}` : `New 50%_off ${i}`,
            amount: i * 100,
            customer_id: i < 2 ? customer.id : undefined,
          }),
        );
      await move(user, made[5], { stage_id: byName.Won.id });
      const list = async (query: string) => {
        const res = await apiAs(app, user).get(
          `${ws(user.workspaceId)}/deals?${query}`,
        );
        expect([query, res.statusCode]).toEqual([query, 200]);
        return res.json<{
          data: Deal[];
          meta: { total?: number; next_cursor: string | null };
        }>();
      };
      const titles = (page: { data: Deal[] }) => page.data.map((d) => d.title);
      expect(titles(await list('status=won'))).toEqual(['Renewal 5']);
      expect(
        titles(await list('amount_min=200&amount_max=300&sort=amount')),
      ).toEqual(['New 50%_off 2', 'Renewal 3']);
      expect((await list('q=50%25_')).meta.total).toBe(3);
      expect((await list('q=0%25o')).meta.total).toBe(0);
      const ofCustomer = await apiAs(app, user).get(
        `${customersOf(user.workspaceId)}/${customer.id}/deals?sort=created_at`,
      );
      expect(ofCustomer.json<{ data: Deal[] }>().data.map((d) => d.id)).toEqual(
        [made[0].id, made[1].id],
      );
      const seen: string[] = [];
      let page = await list('limit=4&sort=-amount');
      seen.push(...page.data.map((d) => d.id));
      while (page.meta.next_cursor) {
        page = await list(
          `limit=4&sort=-amount&cursor=${encodeURIComponent(page.meta.next_cursor)}`,
        );
        seen.push(...page.data.map((d) => d.id));
      }
      expect(seen).toEqual([...made].reverse().map((d) => d.id));
    });
  });
});
