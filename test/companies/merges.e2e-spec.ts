import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../support/app';
import { sharedWorkspace, sql } from '../support/database';
import { directWithToken } from '../support/postgrest';
import { apiAs, detailOf, signedInUser, type TestUser } from '../support/users';
import { mergedAway } from '../support/api-surface-merges';
import {
  aCompany,
  aContact,
  aDeal,
  aNote,
  aPerson,
  entriesSince,
  lastEntry,
  orphans,
} from './merge-fixtures';

type Who = 'owner' | 'member' | 'viewer' | 'outsider';
type Kind = 'companies' | 'customers';

const FN = {
  companies: 'merge_companies',
  customers: 'merge_customers',
} as const;
const NOUN = { companies: 'company', customers: 'customer' } as const;

/**
 * Merging a duplicate company or person into a survivor, through the API and with the same
 * tokens straight to PostgREST: who may, which pairs, what moves, what the timeline says.
 */
describe('merges', () => {
  let app: NestFastifyApplication;
  const users = {} as Record<Who, TestUser>;
  let workspaceId: string;
  /** Another workspace the owner and the member are owners of. */
  let otherId: string;

  const make = (kind: Kind, ws = workspaceId, fields = {}) =>
    kind === 'companies' ? aCompany(ws, fields) : aPerson(ws, fields);
  const mergeUrl = (kind: Kind, id: string, ws = workspaceId) =>
    `/api/v1/workspaces/${ws}/${kind}/${id}/merge`;
  const merge = (who: Who, kind: Kind, survivor: string, duplicate: string) =>
    apiAs(app, users[who]).post(mergeUrl(kind, survivor), {
      duplicate_id: duplicate,
    });
  const rpc = (who: Who, kind: Kind, survivor: string, duplicate: string) =>
    directWithToken(users[who].token).rpc(FN[kind], {
      p_survivor_id: survivor,
      p_duplicate_id: duplicate,
    });
  const state = async (kind: Kind, id: string) =>
    (
      await sql<{ deleted: boolean; merged_into: string | null }>(
        `select deleted_at is not null as deleted, merged_into from public.${kind} where id = $1`,
        [id],
      )
    )[0];

  beforeAll(async () => {
    app = await createTestApp();
    for (const who of ['owner', 'member', 'viewer', 'outsider'] as Who[])
      users[who] = await signedInUser();
    workspaceId = await sharedWorkspace([
      [users.owner, 'owner'],
      [users.member, 'member'],
      [users.viewer, 'viewer'],
    ]);
    otherId = await sharedWorkspace([
      [users.owner, 'owner'],
      [users.member, 'owner'],
      [users.viewer, 'owner'],
    ]);
  });

  afterAll(() => app.close());

  describe.each<Kind>(['companies', 'customers'])('of %s', (kind) => {
    it.each<[Who, number, string | null]>([
      ['owner', 200, null],
      ['member', 200, null],
      ['viewer', 403, 'Your role in this workspace does not allow this.'],
      ['outsider', 404, 'No such workspace.'],
    ])(
      'as the %s: a merge through the API answers %i',
      async (who, status, detail) => {
        const [survivor, duplicate] = [await make(kind), await make(kind)];
        const res = await merge(who, kind, survivor, duplicate);
        expect([res.statusCode, detailOf(res)]).toEqual([status, detail]);
        expect((await state(kind, duplicate)).merged_into).toBe(
          status === 200 ? survivor : null,
        );
      },
    );

    it.each<[Who, string | null, string | null]>([
      ['member', null, null],
      ['viewer', 'PT403', 'your role in this workspace does not allow this'],
      ['outsider', 'PT404', `no such ${NOUN[kind]} in this workspace`],
    ])(
      'as the %s: the same merge straight through PostgREST',
      async (who, code, message) => {
        const [survivor, duplicate] = [await make(kind), await make(kind)];
        const { error } = await rpc(who, kind, survivor, duplicate);
        expect([error?.code ?? null, error?.message ?? null]).toEqual([
          code,
          message,
        ]);
        expect((await state(kind, duplicate)).merged_into).toBe(
          code ? null : survivor,
        );
      },
    );

    it("refuses another workspace's duplicate next to this one's survivor, either way", async () => {
      const survivor = await make(kind);
      const theirs = await make(kind, otherId);
      const noSuch = `No such ${NOUN[kind]} in this workspace.`;
      for (const [s, d] of [
        [survivor, theirs],
        [theirs, survivor],
      ]) {
        const res = await merge('owner', kind, s, d);
        expect([res.statusCode, detailOf(res)]).toEqual([404, noSuch]);
      }
      // Their survivor named under this workspace's path is not this workspace's.
      const mine = await make(kind);
      const res = await apiAs(app, users.owner).post(
        mergeUrl(kind, theirs, workspaceId),
        { duplicate_id: mine },
      );
      expect([res.statusCode, detailOf(res)]).toEqual([404, noSuch]);
      const { error } = await rpc('owner', kind, survivor, theirs);
      expect([error?.code, error?.message]).toEqual([
        'PT404',
        `no such ${NOUN[kind]} in this workspace`,
      ]);
      for (const id of [survivor, theirs, mine])
        expect(await state(kind, id)).toEqual({
          deleted: false,
          merged_into: null,
        });
    });

    it('refuses a record merged into itself, a deleted one, and names where a merged one went', async () => {
      const survivor = await make(kind);
      const self = await merge('member', kind, survivor, survivor);
      expect([self.statusCode, detailOf(self)]).toEqual([
        422,
        `A ${NOUN[kind]} cannot be merged into itself.`,
      ]);
      const deleted = await make(kind, workspaceId, { deleted_at: new Date() });
      const gone = await merge('member', kind, survivor, deleted);
      expect([gone.statusCode, detailOf(gone)]).toEqual([
        404,
        `No such ${NOUN[kind]} in this workspace.`,
      ]);
      const merged = await mergedAway(kind, workspaceId, survivor);
      const again = await merge('member', kind, survivor, merged);
      expect([again.statusCode, again.json()]).toEqual([
        404,
        expect.objectContaining({
          detail: 'The duplicate was already merged into another record.',
          merged_into: survivor,
        }),
      ]);
      const into = await merge('member', kind, merged, await make(kind));
      expect([into.statusCode, into.json()]).toEqual([
        404,
        expect.objectContaining({
          detail: `The ${NOUN[kind]} was merged into another: merge into that one.`,
          merged_into: survivor,
        }),
      ]);
    });

    it('refuses, straight through PostgREST, a new link to a merged-away record', async () => {
      const survivor = await make(kind);
      const merged = await mergedAway(kind, workspaceId, survivor);
      const direct = directWithToken(users.member.token);
      const link =
        kind === 'companies'
          ? direct.from('customers').insert({
              workspace_id: workspaceId,
              name: 'Late',
              company_id: merged,
            })
          : direct.from('activities').insert({
              workspace_id: workspaceId,
              customer_id: merged,
              kind: 'note',
              body: 'Late',
            } as never);
      const { error } = await link;
      expect([error?.code, error?.message, error?.details]).toEqual([
        'PT422',
        `the ${NOUN[kind]} was merged into another`,
        survivor,
      ]);
    });
  });

  it('moves people, deals and the timeline to the surviving company, fills its gaps, and writes one entry', async () => {
    const survivor = await aCompany(workspaceId, {
      name: 'Acme',
      phone: '+1 555',
      tags: ['a', 'b'],
    });
    const duplicate = await aCompany(workspaceId, {
      name: 'Acme Inc',
      domain: 'acme.example',
      industry: 'Tools',
      phone: '+1 666',
      notes: 'From the fair',
      tags: ['b', 'c'],
    });
    const people = [
      await aPerson(workspaceId, { company_id: duplicate }),
      await aPerson(workspaceId, {
        company_id: duplicate,
        deleted_at: new Date(),
      }),
    ];
    const deal = await aDeal(workspaceId, { company_id: duplicate });
    await aNote(workspaceId, { company_id: duplicate });
    const before = await lastEntry(workspaceId);

    const res = await merge('member', 'companies', survivor, duplicate);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(
      expect.objectContaining({
        id: survivor,
        name: 'Acme',
        domain: 'acme.example',
        industry: 'Tools',
        phone: '+1 555',
        notes: 'From the fair',
        tags: ['a', 'b', 'c'],
        deleted_at: null,
        // Its own `created` entry and the note.
        moved: { people: 2, deals: 1, activities: 2 },
      }),
    );
    expect(await state('companies', duplicate)).toEqual({
      deleted: true,
      merged_into: survivor,
    });
    const [pointing] = await sql<{
      people: string[];
      deals: string[];
      n: number;
    }>(
      `select array(select id from public.customers where company_id = $2 order by id) as people,
              array(select id from public.deals where company_id = $2) as deals,
              (select count(*)::int from public.activities where company_id = $1) as n`,
      [duplicate, survivor],
    );
    expect(pointing).toEqual({
      people: [...people].sort(),
      deals: [deal],
      n: 0,
    });
    expect(await entriesSince(workspaceId, before)).toEqual([
      {
        kind: 'merged',
        company_id: survivor,
        customer_id: null,
        deal_id: null,
        payload: {
          duplicate: { id: duplicate, name: 'Acme Inc' },
          taken: {
            domain: 'acme.example',
            industry: 'Tools',
            notes: 'From the fair',
          },
          tags_added: ['c'],
          tags_dropped: [],
          moved: { people: 2, deals: 1, activities: 2 },
        },
      },
    ]);
    expect(await orphans(workspaceId)).toBe(0);
  });

  it("moves deals, places on deals (the survivor's role stays) and the timeline to the surviving person", async () => {
    const company = await aCompany(workspaceId, { name: 'Where they work' });
    const survivor = await aPerson(workspaceId, { name: 'Ada' });
    const duplicate = await aPerson(workspaceId, {
      name: 'Ada L.',
      email: 'ada@example.test',
      company_id: company,
      tags: ['vip'],
    });
    const [ownDeal, shared, theirs] = [
      await aDeal(workspaceId, { customer_id: duplicate }),
      await aDeal(workspaceId),
      await aDeal(workspaceId),
    ];
    await aContact(workspaceId, shared, survivor, 'champion');
    await aContact(workspaceId, shared, duplicate, 'decision_maker');
    await aContact(workspaceId, theirs, duplicate, 'influencer');
    await aNote(workspaceId, { customer_id: duplicate });
    const before = await lastEntry(workspaceId);

    const res = await merge('member', 'customers', survivor, duplicate);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(
      expect.objectContaining({
        id: survivor,
        name: 'Ada',
        // Unique among live people: the duplicate is deleted before the survivor takes it.
        email: 'ada@example.test',
        company_id: company,
        company: { id: company, name: 'Where they work', domain: null },
        tags: ['vip'],
        moved: { deals: 1, deal_contacts: 1, activities: 2 },
      }),
    );
    const contacts = await sql<{ deal_id: string; role: string }>(
      `select deal_id, role::text from public.deal_contacts where customer_id = $1
        order by role`,
      [survivor],
    );
    expect(contacts).toEqual(
      [
        { deal_id: shared, role: 'champion' },
        { deal_id: theirs, role: 'influencer' },
      ].sort((x, y) => x.role.localeCompare(y.role)),
    );
    const [deal] = await sql<{ customer_id: string }>(
      'select customer_id from public.deals where id = $1',
      [ownDeal],
    );
    expect(deal.customer_id).toBe(survivor);
    const written = await entriesSince(workspaceId, before);
    expect(written.map((e) => [e.kind, e.customer_id])).toEqual([
      ['merged', survivor],
    ]);
    expect(written[0].payload).toEqual(
      expect.objectContaining({
        taken: { email: 'ada@example.test', company_id: company },
        moved: { deals: 1, deal_contacts: 1, activities: 2 },
        deal_contacts_already_there: 1,
      }),
    );
    expect(await orphans(workspaceId)).toBe(0);
  });

  it("keeps the survivor's tags and the duplicate's new ones up to 20, and names the ones dropped", async () => {
    const tags = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => `t${from + i}`);
    const survivor = await aCompany(workspaceId, { tags: tags(1, 18) });
    const duplicate = await aCompany(workspaceId, { tags: tags(17, 25) });
    const before = await lastEntry(workspaceId);
    const res = await merge('member', 'companies', survivor, duplicate);
    expect(res.json<{ tags: string[] }>().tags).toEqual(tags(1, 20));
    const [entry] = await entriesSince(workspaceId, before);
    expect([entry.payload.tags_added, entry.payload.tags_dropped]).toEqual([
      tags(19, 20),
      tags(21, 25),
    ]);
  });

  it('lets no client move a timeline entry or mark a record merged straight through PostgREST', async () => {
    const company = await aCompany(workspaceId);
    const person = await aPerson(workspaceId);
    await aNote(workspaceId, { company_id: company });
    const direct = directWithToken(users.owner.token);
    const moves = await Promise.all([
      direct
        .from('activities')
        .update({ company_id: await aCompany(workspaceId) } as never)
        .eq('company_id', company),
      direct
        .from('activities')
        .update({ customer_id: await aPerson(workspaceId) } as never)
        .eq('company_id', company),
      direct
        .from('companies')
        .update({ merged_into: await aCompany(workspaceId) } as never)
        .eq('id', company),
      direct
        .from('customers')
        .update({ merged_into: await aPerson(workspaceId) } as never)
        .eq('id', person),
    ]);
    expect(moves.map((m) => m.error?.code)).toEqual([
      '42501',
      '42501',
      '42501',
      '42501',
    ]);
    // The switch that lets a merge move entries is no function a client can call.
    const { error } = await direct.rpc(
      'set_config' as never,
      {
        setting_name: 'crm.merging',
        new_value: 'on',
        is_local: true,
      } as never,
    );
    expect(error?.code).toBe('PGRST202');
    // Nor does a person move to another workspace's company.
    const moved = await direct
      .from('customers')
      .update({ company_id: await aCompany(otherId) })
      .eq('id', person)
      .select('id');
    expect([moved.error?.code, moved.error?.message]).toEqual([
      'PT422',
      'no such company in this workspace',
    ]);
    const [{ n }] = await sql<{ n: number }>(
      `select count(*)::int as n from public.activities where company_id = $1 and kind = 'note'`,
      [company],
    );
    expect(n).toBe(1);
  });
});
