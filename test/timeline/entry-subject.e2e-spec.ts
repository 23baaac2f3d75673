import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Activity, ActivityPage } from '../support/api-types';
import { createTestApp } from '../support/app';
import { sharedWorkspace } from '../support/database';
import { directWithToken } from '../support/postgrest';
import { entriesOf, timelineApi } from '../support/timeline';
import { apiAs, signedInUser, type TestUser, ws } from '../support/users';

const ONE_SUBJECT = {
  code: 'PT422',
  message: 'an entry is about a customer, a deal or a company: one of them',
};

/**
 * An entry people write is about one customer or one deal, as the API stores it (a deal's
 * entries show on its customer's timeline): straight through PostgREST, naming a customer and
 * a deal (another customer's, or even its own) is refused too.
 */
describe('the subject of an entry people write', () => {
  let app: NestFastifyApplication;
  const { aCustomer } = timelineApi(() => app);
  let member: TestUser;
  let workspaceId: string;

  beforeAll(async () => {
    app = await createTestApp();
    const owner = await signedInUser();
    member = await signedInUser();
    workspaceId = await sharedWorkspace([
      [owner, 'owner'],
      [member, 'member'],
    ]);
  });

  afterAll(async () => {
    await app.close();
  });

  const dealOf = async (customerId: string) => {
    const res = await apiAs(app, member).post(`${ws(workspaceId)}/deals`, {
      title: 'Forty seats',
      customer_id: customerId,
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string }>().id;
  };

  const timelineOf = async (customerId: string) =>
    (
      await apiAs(app, member).get(
        `${ws(workspaceId)}/customers/${customerId}/activities`,
      )
    )
      .json<ActivityPage>()
      .data.filter((entry) => entry.body !== null)
      .map((entry) => entry.body);

  it('is the deal alone through the API: the entry shows on its customer’s timeline', async () => {
    const customer = await aCustomer(member, workspaceId);
    const dealId = await dealOf(customer.id);
    const res = await apiAs(app, member).post(
      `${ws(workspaceId)}/deals/${dealId}/activities`,
      { kind: 'note', body: 'About the deal' },
    );
    expect(res.json<Activity>()).toMatchObject({
      customer_id: null,
      deal_id: dealId,
    });
    expect(await timelineOf(customer.id)).toEqual(['About the deal']);
  });

  it.each(['another customer’s deal', 'its own customer’s deal'])(
    'refuses a customer and %s straight through PostgREST (422), and writes nothing',
    async (which) => {
      const [named, owning] = [
        await aCustomer(member, workspaceId),
        await aCustomer(member, workspaceId),
      ];
      const customerOfDeal = which.startsWith('its own') ? named : owning;
      const dealId = await dealOf(customerOfDeal.id);
      const res = await directWithToken(member.token)
        .from('activities')
        .insert({
          workspace_id: workspaceId,
          customer_id: named.id,
          deal_id: dealId,
          kind: 'note',
          body: 'Both',
        } as never)
        .select('id');
      expect(res.status).toBe(422);
      expect(res.error).toMatchObject(ONE_SUBJECT);
      expect(await timelineOf(named.id)).toEqual([]);
      expect(
        (await entriesOf({ deal: dealId })).filter((e) => e.body !== null),
      ).toEqual([]);
    },
  );

  it('still records what the database writes about a customer’s deal', async () => {
    const customer = await aCustomer(member, workspaceId);
    const dealId = await dealOf(customer.id);
    expect(
      (await entriesOf({ deal: dealId })).map((e) => [e.kind, e.customer_id]),
    ).toEqual([['created', null]]);
  });
});
