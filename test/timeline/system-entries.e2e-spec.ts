import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { createTestApp } from '../support/app';
import { sharedWorkspace, sql } from '../support/database';
import { directWithToken } from '../support/postgrest';
import { entriesOf, timelineApi } from '../support/timeline';
import { apiAs, signedInUser, ws } from '../support/users';

/** What the database writes on the timeline by itself, and that nobody can change it. */
describe('activity timeline', () => {
  let app: NestFastifyApplication;
  const { aCustomer } = timelineApi(() => app);

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

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
        customer: { name: customer.name, notes: 'Analytical Engines' },
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
});
