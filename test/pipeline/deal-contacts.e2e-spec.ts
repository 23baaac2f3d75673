import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  aDeal,
  aPerson,
  entriesSince,
  lastEntry,
} from '../companies/merge-fixtures';
import { createTestApp } from '../support/app';
import { sharedWorkspace, sql } from '../support/database';
import { directWithToken } from '../support/postgrest';
import { apiAs, detailOf, signedInUser, type TestUser } from '../support/users';

type Who = 'owner' | 'member' | 'viewer' | 'outsider';

const TOO_LOW = 'Your role in this workspace does not allow this.';

/**
 * The people on a deal and their roles, through the API and with the same tokens straight to
 * PostgREST, and the deal's timeline entry for each change.
 */
describe('deal contacts', () => {
  let app: NestFastifyApplication;
  const users = {} as Record<Who, TestUser>;
  let workspaceId: string;
  /** Another workspace the owner is an owner of too. */
  let otherId: string;

  const contactsUrl = (dealId: string, ws = workspaceId) =>
    `/api/v1/workspaces/${ws}/deals/${dealId}/contacts`;
  const onDeal = (dealId: string) =>
    sql<{ customer_id: string; role: string }>(
      `select customer_id, role::text from public.deal_contacts where deal_id = $1
        order by customer_id`,
      [dealId],
    );
  const put = (dealId: string, customerId: string, role = 'user') =>
    sql(
      `insert into public.deal_contacts (workspace_id, deal_id, customer_id, role)
       values ($1, $2, $3, $4)`,
      [workspaceId, dealId, customerId, role],
    );

  beforeAll(async () => {
    app = await createTestApp();
    for (const who of ['owner', 'member', 'viewer', 'outsider'] as Who[])
      users[who] = await signedInUser();
    workspaceId = await sharedWorkspace([
      [users.owner, 'owner'],
      [users.member, 'member'],
      [users.viewer, 'viewer'],
    ]);
    otherId = await sharedWorkspace([[users.owner, 'owner']]);
  });

  afterAll(() => app.close());

  it('lists the live people on a deal with their role and who they are', async () => {
    const deal = await aDeal(workspaceId);
    const ada = await aPerson(workspaceId, {
      name: 'Ada',
      email: 'ada@example.test',
    });
    const gone = await aPerson(workspaceId, { name: 'Gone' });
    await put(deal, ada, 'champion');
    await put(deal, gone);
    await sql('update public.customers set deleted_at = now() where id = $1', [
      gone,
    ]);
    const res = await apiAs(app, users.viewer).get(contactsUrl(deal));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      data: [
        expect.objectContaining({
          deal_id: deal,
          customer_id: ada,
          role: 'champion',
          customer: { id: ada, name: 'Ada', email: 'ada@example.test' },
        }),
      ],
    });
  });

  it.each<[Who, number[], (string | null)[]]>([
    ['owner', [200, 201, 200, 204], [null, null, null, null]],
    ['member', [200, 201, 200, 204], [null, null, null, null]],
    ['viewer', [200, 403, 403, 403], [null, TOO_LOW, TOO_LOW, TOO_LOW]],
    [
      'outsider',
      [404, 404, 404, 404],
      Array<string>(4).fill('No such workspace.'),
    ],
  ])(
    'as the %s: read, add, re-role and remove through the API answer %j',
    async (who, statuses, details) => {
      const deal = await aDeal(workspaceId);
      const [added, present] = [
        await aPerson(workspaceId),
        await aPerson(workspaceId),
      ];
      await put(deal, present);
      const api = apiAs(app, users[who]);
      const answers = [
        await api.get(contactsUrl(deal)),
        await api.post(contactsUrl(deal), {
          customer_id: added,
          role: 'influencer',
        }),
        await api.patch(`${contactsUrl(deal)}/${present}`, {
          role: 'decision_maker',
        }),
        await api.delete(`${contactsUrl(deal)}/${present}`),
      ];
      expect(answers.map((r) => [r.statusCode, detailOf(r)])).toEqual(
        statuses.map((s, i) => [s, details[i]]),
      );
    },
  );

  it.each<[Who, boolean]>([
    ['member', true],
    ['viewer', false],
    ['outsider', false],
  ])(
    'as the %s: the same changes straight through PostgREST (allowed: %s)',
    async (who, allowed) => {
      const deal = await aDeal(workspaceId);
      const [added, present] = [
        await aPerson(workspaceId),
        await aPerson(workspaceId),
      ];
      await put(deal, present);
      const direct = directWithToken(users[who].token);
      const inserted = await direct.from('deal_contacts').insert({
        workspace_id: workspaceId,
        deal_id: deal,
        customer_id: added,
        role: 'champion',
      });
      expect(inserted.error?.code ?? null).toBe(allowed ? null : '42501');
      const updated = await direct
        .from('deal_contacts')
        .update({ role: 'other' })
        .eq('deal_id', deal)
        .eq('customer_id', present)
        .select('role');
      expect(updated.data).toEqual(allowed ? [{ role: 'other' }] : []);
      const read = await direct
        .from('deal_contacts')
        .select('customer_id')
        .eq('deal_id', deal);
      expect(read.data?.length).toBe(who === 'outsider' ? 0 : allowed ? 2 : 1);
      const deleted = await direct
        .from('deal_contacts')
        .delete()
        .eq('deal_id', deal)
        .eq('customer_id', present)
        .select('customer_id');
      expect(deleted.data).toHaveLength(allowed ? 1 : 0);
      expect((await onDeal(deal)).map((c) => c.customer_id)).toEqual(
        allowed ? [added] : [present],
      );
    },
  );

  it('answers 409 for a person already on the deal, naming the rule', async () => {
    const deal = await aDeal(workspaceId);
    const person = await aPerson(workspaceId);
    await put(deal, person, 'champion');
    const res = await apiAs(app, users.member).post(contactsUrl(deal), {
      customer_id: person,
    });
    expect([res.statusCode, detailOf(res)]).toEqual([
      409,
      'This customer is already on the deal.',
    ]);
    expect(await onDeal(deal)).toEqual([
      { customer_id: person, role: 'champion' },
    ]);
  });

  it("refuses another workspace's person or deal, through the API and PostgREST", async () => {
    const deal = await aDeal(workspaceId);
    const theirPerson = await aPerson(otherId);
    const theirDeal = await aDeal(otherId);
    const mine = await aPerson(workspaceId);
    const api = apiAs(app, users.owner);
    const foreignPerson = await api.post(contactsUrl(deal), {
      customer_id: theirPerson,
    });
    expect([foreignPerson.statusCode, detailOf(foreignPerson)]).toEqual([
      422,
      'The customer is not a live one of this workspace.',
    ]);
    const foreignDeal = await api.post(contactsUrl(theirDeal), {
      customer_id: mine,
    });
    expect([foreignDeal.statusCode, detailOf(foreignDeal)]).toEqual([
      404,
      'No such deal in this workspace.',
    ]);
    const direct = directWithToken(users.owner.token);
    const attempts = await Promise.all([
      direct.from('deal_contacts').insert({
        workspace_id: workspaceId,
        deal_id: deal,
        customer_id: theirPerson,
      }),
      direct.from('deal_contacts').insert({
        workspace_id: otherId,
        deal_id: deal,
        customer_id: theirPerson,
      }),
      direct.from('deal_contacts').insert({
        workspace_id: otherId,
        deal_id: theirDeal,
        customer_id: mine,
      }),
    ]);
    expect(attempts.map((a) => [a.error?.code, a.error?.message])).toEqual([
      ['PT422', 'the customer is not a live one of this workspace'],
      ['PT404', 'no such deal in this workspace'],
      ['PT422', 'the customer is not a live one of this workspace'],
    ]);
    expect([...(await onDeal(deal)), ...(await onDeal(theirDeal))]).toEqual([]);
  });

  it('answers 404 for a person not on the deal, and for a deleted deal', async () => {
    const deal = await aDeal(workspaceId);
    const person = await aPerson(workspaceId);
    const api = apiAs(app, users.member);
    const notOn = await api.patch(`${contactsUrl(deal)}/${person}`, {
      role: 'user',
    });
    expect([notOn.statusCode, detailOf(notOn)]).toEqual([
      404,
      'No such customer on this deal.',
    ]);
    await put(deal, person);
    await sql('update public.deals set deleted_at = now() where id = $1', [
      deal,
    ]);
    for (const res of [
      await api.get(contactsUrl(deal)),
      await api.delete(`${contactsUrl(deal)}/${person}`),
    ])
      expect([res.statusCode, detailOf(res)]).toEqual([
        404,
        'No such deal in this workspace.',
      ]);
    expect(await onDeal(deal)).toHaveLength(1);
  });

  it("writes the deal's timeline entry for each contact added, re-roled and removed, however sent", async () => {
    const deal = await aDeal(workspaceId);
    const person = await aPerson(workspaceId);
    const before = await lastEntry(workspaceId);
    const api = apiAs(app, users.member);
    expect(
      (await api.post(contactsUrl(deal), { customer_id: person })).statusCode,
    ).toBe(201);
    const direct = directWithToken(users.member.token);
    await direct
      .from('deal_contacts')
      .update({ role: 'champion' })
      .eq('deal_id', deal)
      .eq('customer_id', person);
    // The same role again is no change.
    await direct
      .from('deal_contacts')
      .update({ role: 'champion' })
      .eq('deal_id', deal)
      .eq('customer_id', person);
    expect(
      (await api.delete(`${contactsUrl(deal)}/${person}`)).statusCode,
    ).toBe(204);
    const contact = (role: string) => ({ customer_id: person, role });
    expect(await entriesSince(workspaceId, before)).toEqual(
      [
        [null, contact('other')],
        [contact('other'), contact('champion')],
        [contact('champion'), null],
      ].map(([from, to]) => ({
        kind: 'updated',
        company_id: null,
        customer_id: null,
        deal_id: deal,
        payload: { changes: { contacts: { from, to } } },
      })),
    );
  });
});
