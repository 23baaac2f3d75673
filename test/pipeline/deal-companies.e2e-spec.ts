import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { createTestApp } from '../support/app';
import {
  apiWording,
  companyIn,
  DELETED_COMPANY,
  NO_SUCH_COMPANY,
  ROLES,
  team,
  type Team,
} from '../support/companies';
import { sql } from '../support/database';
import { pipelineApi } from '../support/pipeline';
import { directWithToken } from '../support/postgrest';
import { apiAs, detailOf, ws } from '../support/users';
import type { Deal } from '../support/api-types';

const ROLE_TOO_LOW = 'Your role in this workspace does not allow this.';

/**
 * A deal's company: who may set it, which companies refuse, and the embed on every deal read
 * (one deal, the deals list, a customer's deals), through the API and straight through PostgREST.
 */
describe('deals with companies', () => {
  let app: NestFastifyApplication;
  const { send, newDeal } = pipelineApi(() => app);
  let t: Team;
  let company: { id: string; name: string; domain: string };
  let DEALS: string;

  beforeAll(async () => {
    app = await createTestApp();
    t = await team();
    company = await companyIn(t.workspaceId);
    DEALS = `${ws(t.workspaceId)}/deals`;
  });

  afterAll(async () => {
    await app.close();
  });

  const aDeal = (body: Record<string, unknown> = {}) =>
    newDeal(t.users.owner, { title: 'Seats', ...body }, t.workspaceId);
  const companyOf = async (id: string) =>
    (
      await sql<{ company_id: string | null }>(
        'select company_id from public.deals where id = $1',
        [id],
      )
    )[0].company_id;

  it('embeds the company on create, read, both lists and update', async () => {
    const embed = {
      id: company.id,
      name: company.name,
      domain: company.domain,
    };
    const customer = await apiAs(app, t.users.owner).post(
      `${ws(t.workspaceId)}/customers`,
      { name: 'Buyer', company_id: company.id },
    );
    const customerId = customer.json<{ id: string }>().id;
    const created = await aDeal({
      company_id: company.id,
      customer_id: customerId,
    });
    expect(created).toMatchObject({ company_id: company.id, company: embed });
    const viewer = apiAs(app, t.users.viewer);
    expect((await viewer.get(`${DEALS}/${created.id}`)).json()).toMatchObject({
      company: embed,
    });
    const listed = (await viewer.get(`${DEALS}?limit=100`)).json<{
      data: Deal[];
    }>().data;
    expect(listed.find((d) => d.id === created.id)).toMatchObject({
      company: embed,
    });
    const theirs = (
      await viewer.get(`${ws(t.workspaceId)}/customers/${customerId}/deals`)
    ).json<{ data: Deal[] }>().data;
    expect(theirs).toEqual([expect.objectContaining({ company: embed })]);
    const cleared = await send(
      t.users.member,
      'PATCH',
      `${DEALS}/${created.id}`,
      {
        company_id: null,
      },
    );
    expect(cleared.json()).toMatchObject({ company_id: null, company: null });
    const plain = await aDeal();
    expect(plain).toMatchObject({ company_id: null, company: null });
  });

  it.each(ROLES)(
    'lets a %s set a deal’s company only from member up',
    async (role) => {
      const deal = await aDeal();
      const user = t.users[role];
      const res = await send(user, 'PATCH', `${DEALS}/${deal.id}`, {
        company_id: company.id,
      });
      const other = await aDeal();
      const direct = await directWithToken(user.token)
        .from('deals')
        .update({ company_id: company.id })
        .eq('id', other.id)
        .select('id, company_id');
      if (role === 'viewer') {
        expect([res.statusCode, detailOf(res)]).toEqual([403, ROLE_TOO_LOW]);
        expect(await companyOf(deal.id)).toBeNull();
        expect([direct.error, direct.data]).toEqual([null, []]);
        expect(await companyOf(other.id)).toBeNull();
      } else {
        expect(res.statusCode).toBe(200);
        expect(await companyOf(deal.id)).toBe(company.id);
        expect(direct.error).toBeNull();
        expect(await companyOf(other.id)).toBe(company.id);
      }
    },
  );

  it('answers 404 to a stranger, and PostgREST changes nothing for them', async () => {
    const deal = await aDeal();
    const res = await send(t.stranger, 'PATCH', `${DEALS}/${deal.id}`, {
      company_id: company.id,
    });
    expect(res.statusCode).toBe(404);
    const direct = await directWithToken(t.stranger.token)
      .from('deals')
      .update({ company_id: company.id })
      .eq('id', deal.id)
      .select('id');
    expect([direct.error, direct.data]).toEqual([null, []]);
    expect(await companyOf(deal.id)).toBeNull();
  });

  it.each([
    ["another workspace's company", NO_SUCH_COMPANY, 'theirs'],
    ['a company that does not exist', NO_SUCH_COMPANY, 'none'],
    ['a deleted company', DELETED_COMPANY, 'deleted'],
  ] as const)(
    'refuses %s with 422, naming the rule, both ways',
    async (_n, rule, which) => {
      // A member of both workspaces: only the pairing of the ids stops the link.
      const caller = t.bridge;
      const target =
        which === 'theirs'
          ? (await companyIn(caller.workspaceId)).id
          : which === 'deleted'
            ? (await companyIn(t.workspaceId, true)).id
            : randomUUID();
      const created = await send(caller, 'POST', DEALS, {
        title: 'Refused',
        company_id: target,
      });
      expect([created.statusCode, detailOf(created)]).toEqual([
        422,
        apiWording(rule),
      ]);
      const deal = await aDeal();
      const updated = await send(caller, 'PATCH', `${DEALS}/${deal.id}`, {
        company_id: target,
      });
      expect([updated.statusCode, detailOf(updated)]).toEqual([
        422,
        apiWording(rule),
      ]);
      const direct = await directWithToken(caller.token)
        .from('deals')
        .update({ company_id: target })
        .eq('id', deal.id);
      expect(direct.error).toMatchObject(rule);
      expect(await companyOf(deal.id)).toBeNull();
    },
  );
});
