import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Deal, Workspace } from '../support/api-types';
import { createTestApp } from '../support/app';
import { sharedWorkspace } from '../support/database';
import { directWithToken } from '../support/postgrest';
import {
  apiAs,
  detailOf,
  signedInUser,
  type TestUser,
  ws,
} from '../support/users';

type Who = 'owner' | 'admin' | 'member' | 'viewer';

/**
 * A workspace's default currency (what new deals that name none take): admins and owners set
 * it through the API, as workspaces_update and the column grant let them straight through
 * PostgREST; members and viewers can do neither.
 */
describe("a workspace's default currency", () => {
  let app: NestFastifyApplication;
  const users = {} as Record<Who, TestUser>;
  let workspaceId: string;

  beforeAll(async () => {
    app = await createTestApp();
    for (const who of ['owner', 'admin', 'member', 'viewer'] as Who[])
      users[who] = await signedInUser();
    workspaceId = await sharedWorkspace([
      [users.owner, 'owner'],
      [users.admin, 'admin'],
      [users.member, 'member'],
      [users.viewer, 'viewer'],
    ]);
  });

  afterAll(async () => {
    await app.close();
  });

  const currencyOf = async () =>
    (await apiAs(app, users.viewer).get(ws(workspaceId))).json<Workspace>()
      .default_currency;

  it.each<[Who, string]>([
    ['admin', 'JPY'],
    ['owner', 'EUR'],
  ])(
    'is set by an %s through the API (%s), and new deals take it',
    async (who, currency) => {
      const res = await apiAs(app, users[who]).patch(ws(workspaceId), {
        default_currency: currency,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json<Workspace>()).toMatchObject({
        id: workspaceId,
        name: 'Shared workspace',
        default_currency: currency,
        role: who,
      });
      const listed = await apiAs(app, users[who]).get('/api/v1/workspaces');
      expect(
        listed
          .json<{ data: Workspace[] }>()
          .data.find((w) => w.id === workspaceId)?.default_currency,
      ).toBe(currency);
      const deal = await apiAs(app, users.member).post(
        `${ws(workspaceId)}/deals`,
        { title: 'In the default currency' },
      );
      expect(deal.json<Deal>().currency).toBe(currency);
    },
  );

  it.each<Who>(['member', 'viewer'])(
    'is refused to a %s through the API (403) and changes nothing straight through PostgREST',
    async (who) => {
      const before = await currencyOf();
      const res = await apiAs(app, users[who]).patch(ws(workspaceId), {
        default_currency: 'GBP',
      });
      expect([res.statusCode, detailOf(res)]).toEqual([
        403,
        'Your role in this workspace does not allow this.',
      ]);
      const direct = await directWithToken(users[who].token)
        .from('workspaces')
        .update({ default_currency: 'GBP' })
        .eq('id', workspaceId)
        .select('id');
      expect(direct.error).toBeNull();
      expect(direct.data).toEqual([]);
      expect(await currencyOf()).toBe(before);
    },
  );

  it('is held to three capital letters both ways (400), as a deal’s currency is', async () => {
    const before = await currencyOf();
    for (const currency of ['jpy', 'YENS', 'J1Y', '']) {
      const res = await apiAs(app, users.admin).patch(ws(workspaceId), {
        default_currency: currency,
      });
      expect([res.statusCode, detailOf(res)]).toEqual([
        400,
        expect.stringMatching(/^The request is invalid: default_currency /),
      ]);
      const direct = await directWithToken(users.admin.token)
        .from('workspaces')
        .update({ default_currency: currency })
        .eq('id', workspaceId)
        .select('id');
      expect([direct.status, direct.error?.code]).toEqual([400, '23514']);
    }
    expect(await currencyOf()).toBe(before);
  });

  it('renames as before, and refuses a body that names no field (400)', async () => {
    const admin = apiAs(app, users.admin);
    const renamed = await admin.patch(ws(workspaceId), { name: 'Renamed' });
    expect(renamed.json<Workspace>().name).toBe('Renamed');
    await admin.patch(ws(workspaceId), { name: 'Shared workspace' });
    const empty = await admin.patch(ws(workspaceId), {});
    expect([empty.statusCode, detailOf(empty)]).toEqual([
      400,
      expect.stringMatching(/^the request body names no field to change/i),
    ]);
  });
});
