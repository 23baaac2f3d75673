import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Deal } from '../support/api-types';
import { createTestApp } from '../support/app';
import { sharedWorkspace } from '../support/database';
import { directWithToken } from '../support/postgrest';
import {
  apiAs,
  customerInput,
  detailOf,
  signedInUser,
  type TestUser,
  ws,
} from '../support/users';

const DELETED = {
  code: 'PT422',
  message: 'the customer is deleted: restore it before linking a deal to it',
};
const DELETED_DETAIL =
  'The customer is deleted: restore it before linking a deal to it.';

/**
 * A deal links only to a live customer, through the API and straight through PostgREST alike
 * (the API answers 404 for a deleted customer elsewhere); a deal linked before its customer
 * was deleted keeps the link, as docs/pipeline.md promises.
 */
describe('deals and deleted customers', () => {
  let app: NestFastifyApplication;
  let member: TestUser;
  let base: string;
  let workspaceId: string;

  beforeAll(async () => {
    app = await createTestApp();
    const owner = await signedInUser();
    member = await signedInUser();
    workspaceId = await sharedWorkspace([
      [owner, 'owner'],
      [member, 'member'],
    ]);
    base = ws(workspaceId);
  });

  afterAll(async () => {
    await app.close();
  });

  async function aCustomer(): Promise<string> {
    const res = await apiAs(app, member).post(
      `${base}/customers`,
      customerInput(),
    );
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string }>().id;
  }

  async function deleted(customerId: string): Promise<string> {
    expect(
      (await apiAs(app, member).delete(`${base}/customers/${customerId}`))
        .statusCode,
    ).toBe(204);
    return customerId;
  }

  async function aDeal(body: Record<string, unknown> = {}): Promise<Deal> {
    const res = await apiAs(app, member).post(`${base}/deals`, {
      title: 'Linked',
      ...body,
    });
    expect(res.statusCode).toBe(201);
    return res.json<Deal>();
  }

  it('refuses a new deal for a deleted customer through the API and PostgREST (422)', async () => {
    const gone = await deleted(await aCustomer());
    const api = await apiAs(app, member).post(`${base}/deals`, {
      title: 'Linked',
      customer_id: gone,
    });
    expect([api.statusCode, detailOf(api)]).toEqual([422, DELETED_DETAIL]);
    const template = await aDeal();
    const direct = await directWithToken(member.token)
      .from('deals')
      .insert({
        workspace_id: workspaceId,
        pipeline_id: template.pipeline_id,
        stage_id: template.stage_id,
        title: 'Linked',
        customer_id: gone,
      } as never)
      .select('id');
    expect(direct.status).toBe(422);
    expect(direct.error).toMatchObject(DELETED);
    const listed = await apiAs(app, member).get(
      `${base}/customers/${gone}/deals`,
    );
    expect(listed.json<{ data: Deal[] }>().data).toEqual([]);
  });

  it('refuses moving a deal to a deleted customer through the API and PostgREST (422)', async () => {
    const gone = await deleted(await aCustomer());
    const deal = await aDeal({ customer_id: await aCustomer() });
    const api = await apiAs(app, member).patch(`${base}/deals/${deal.id}`, {
      customer_id: gone,
    });
    expect([api.statusCode, detailOf(api)]).toEqual([422, DELETED_DETAIL]);
    const direct = await directWithToken(member.token)
      .from('deals')
      .update({ customer_id: gone })
      .eq('id', deal.id)
      .select('id');
    expect(direct.error).toMatchObject(DELETED);
    const read = await apiAs(app, member).get(`${base}/deals/${deal.id}`);
    expect(read.json<Deal>()).toMatchObject({
      customer_id: deal.customer_id,
      version: deal.version,
    });
  });

  it('keeps a deal linked to a customer deleted later: it is edited, deleted and restored as before', async () => {
    const customerId = await aCustomer();
    const deal = await aDeal({ customer_id: customerId });
    await deleted(customerId);
    const edited = await apiAs(app, member).patch(`${base}/deals/${deal.id}`, {
      amount: 12,
      customer_id: customerId,
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json<Deal>()).toMatchObject({ customer_id: customerId });
    const direct = await directWithToken(member.token)
      .from('deals')
      .update({ title: 'Still linked' })
      .eq('id', deal.id)
      .select('customer_id')
      .single();
    expect(direct.data).toEqual({ customer_id: customerId });
    const url = `${base}/deals/${deal.id}`;
    expect((await apiAs(app, member).delete(url)).statusCode).toBe(204);
    const restored = await apiAs(app, member).post(`${url}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(restored.json<Deal>().customer_id).toBe(customerId);
  });

  it('links again once the customer is restored', async () => {
    const customerId = await deleted(await aCustomer());
    expect(
      (await apiAs(app, member).post(`${base}/customers/${customerId}/restore`))
        .statusCode,
    ).toBe(200);
    const deal = await aDeal({ customer_id: customerId });
    expect(deal.customer_id).toBe(customerId);
  });
});
