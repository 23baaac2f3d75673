import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { createTestApp } from '../support/app';
import { sql } from '../support/database';
import { directWithToken } from '../support/postgrest';
import {
  apiAs,
  detailOf,
  signedInUser,
  type TestUser,
  ws,
} from '../support/users';
import type {
  ActivityPage,
  Company,
  CompanyDealPage,
  CompanyPage,
  CompanyPersonPage,
} from '../support/api-types';

/** 30 companies: industries, countries and tags in turn; names sort as they were made. */
async function seed(user: TestUser) {
  await sql(
    `insert into public.companies
       (workspace_id, name, domain, industry, country, tags, created_by, created_at)
     select $1, 'Company ' || lpad(i::text, 2, '0'), 'company-' || i || '.example',
            (array['Software', 'SOFTWARE', 'Banking', 'Retail'])[1 + i % 4],
            (array['GB', 'FR', 'DE'])[1 + i % 3],
            case when i % 5 = 0 then array['partner'] else '{}' end,
            $2, now() - (30 - i) * interval '1 minute'
       from generate_series(1, 30) i`,
    [user.workspaceId, user.id],
  );
}

describe('GET /api/v1/workspaces/{workspaceId}/companies', () => {
  let app: NestFastifyApplication;
  let user: TestUser;
  const list = (query: string) =>
    apiAs(app, user).get(`${ws(user.workspaceId)}/companies?${query}`);
  const page = async (query: string) => {
    const res = await list(query);
    expect(res.statusCode).toBe(200);
    return res.json<CompanyPage>();
  };

  beforeAll(async () => {
    app = await createTestApp();
    user = await signedInUser();
    await seed(user);
  });

  afterAll(async () => {
    await app.close();
  });

  it('pages through every company with the total, newest first', async () => {
    const pages = [
      await page('limit=12&page=1'),
      await page('limit=12&page=3'),
    ];
    expect(pages[0].meta).toMatchObject({ page: 1, limit: 12, total: 30 });
    expect(pages[0].data[0].name).toBe('Company 30');
    expect(pages[1].data).toHaveLength(6);
    expect(pages[1].meta.next_cursor).toBeNull();
    expect(pages[0].data[0]).not.toHaveProperty('merged_into');
  });

  it.each(['name', '-name', 'created_at', '-updated_at'])(
    'walks every company once by cursor in %s order',
    async (sort) => {
      const seen: Company[] = [];
      let next: CompanyPage | undefined = await page(`limit=7&sort=${sort}`);
      while (next) {
        seen.push(...next.data);
        const cursor: string | null = next.meta.next_cursor;
        next = cursor
          ? await page(
              `limit=7&sort=${sort}&cursor=${encodeURIComponent(cursor)}`,
            )
          : undefined;
        if (next) expect(next.meta).not.toHaveProperty('total');
      }
      expect(new Set(seen.map((c) => c.id)).size).toBe(30);
      if (sort === 'name') expect(seen[0].name).toBe('Company 01');
      if (sort === '-name') expect(seen[0].name).toBe('Company 30');
    },
  );

  it('filters by industry, case-insensitively, one or several', async () => {
    const software = await page('industry=software&limit=100');
    expect(software.meta.total).toBe(15);
    expect(
      software.data.every((c) => c.industry?.toLowerCase() === 'software'),
    ).toBe(true);
    expect(
      (await page('industry=Banking&industry=RETAIL&limit=100')).meta.total,
    ).toBe(15);
  });

  it('filters by country, one or several, in any case', async () => {
    const gb = await page('country=gb&limit=100');
    expect(gb.meta.total).toBe(10);
    expect(gb.data.every((c) => c.country === 'GB')).toBe(true);
    expect((await page('country=GB&country=fr&limit=100')).meta.total).toBe(20);
  });

  it('filters by tag', async () => {
    const partners = await page('tag=partner&limit=100');
    expect(partners.meta.total).toBe(6);
    expect(partners.data.every((c) => c.tags.includes('partner'))).toBe(true);
  });

  it('searches name and domain, short queries too', async () => {
    expect((await page('q=COMPANY 1&limit=100')).meta.total).toBe(10);
    expect((await page('q=company-7.exam')).data.map((c) => c.name)).toEqual([
      'Company 07',
    ]);
    expect((await page('q=2')).meta.total).toBeGreaterThan(0);
  });

  it.each([`%`, `_`, `\\`, `' or '1'='1`, `x),or(id.neq.0`, `*`])(
    'takes %p literally: it matches nothing here',
    async (q) => {
      const found = await page(`q=${encodeURIComponent(q)}`);
      expect(found.meta.total).toBe(0);
    },
  );

  it('leaves deleted companies out', async () => {
    const [{ id }] = await sql<{ id: string }>(
      `insert into public.companies (workspace_id, name, deleted_at)
       values ($1, 'Deleted one', now()) returning id`,
      [user.workspaceId],
    );
    const all = await page('limit=100');
    expect(all.data.map((c) => c.id)).not.toContain(id);
  });

  it.each([
    ['an unknown parameter', 'industy=Software', /industy/],
    ['a bad country', 'country=GBR', /^(The request is invalid: )?country /],
    ['a bad sort', 'sort=domain', /^(The request is invalid: )?sort /],
    ['page and cursor', 'page=2&cursor=x', /./],
  ])('answers 400 to %s', async (_case, query, detail) => {
    const res = await list(query);
    expect(res.statusCode).toBe(400);
    expect(detailOf(res)).toMatch(detail);
  });

  it('answers the same through PostgREST, and refuses a workspace not the caller’s', async () => {
    const direct = directWithToken(user.token);
    const { data, error } = await direct.rpc('list_companies', {
      p_workspace_id: user.workspaceId,
      p_industries: ['software'],
      p_countries: ['gb'],
      p_with_total: true,
    });
    expect(error).toBeNull();
    expect((data as { total: number }).total).toBe(
      (await page('industry=software&country=GB')).meta.total,
    );
    const other = await signedInUser();
    const refused = await direct.rpc('list_companies', {
      p_workspace_id: other.workspaceId,
    });
    expect(refused.error).toMatchObject({
      code: 'PT404',
      message: 'no such workspace',
    });
  });
});

describe('A company’s people, deals and timeline', () => {
  let app: NestFastifyApplication;
  let user: TestUser;
  let company: Company;
  let base: string;
  let stageId: string;
  let pipelineId: string;

  beforeAll(async () => {
    app = await createTestApp();
    user = await signedInUser();
    const res = await apiAs(app, user).post(
      `${ws(user.workspaceId)}/companies`,
      { name: 'Analytical Engines', domain: `ae-${randomUUID()}.com` },
    );
    company = res.json<Company>();
    base = `${ws(user.workspaceId)}/companies/${company.id}`;
    [{ pipeline_id: pipelineId, id: stageId }] = await sql<{
      pipeline_id: string;
      id: string;
    }>(
      `select s.pipeline_id, s.id from public.pipeline_stages s
        where s.workspace_id = $1 order by s.position limit 1`,
      [user.workspaceId],
    );
  });

  afterAll(async () => {
    await app.close();
  });

  const person = async (companyId: string | null, deleted = false) =>
    (
      await sql<{ id: string }>(
        `insert into public.customers (workspace_id, name, company_id, deleted_at)
         values ($1, 'Person', $2, case when $3 then now() end) returning id`,
        [user.workspaceId, companyId, deleted],
      )
    )[0].id;
  const deal = async (
    companyId: string | null,
    customerId: string | null = null,
  ) =>
    (
      await sql<{ id: string }>(
        `insert into public.deals (workspace_id, pipeline_id, stage_id, title, company_id, customer_id)
         values ($1, $2, $3, 'Deal', $4, $5) returning id`,
        [user.workspaceId, pipelineId, stageId, companyId, customerId],
      )
    )[0].id;
  const note = async (subject: Record<string, string>, body = 'A note') => {
    const [kind, id] = Object.entries(subject)[0];
    const res = await apiAs(app, user).post(
      `${ws(user.workspaceId)}/${kind}/${id}/activities`,
      { kind: 'note', body },
    );
    expect(res.statusCode).toBe(201);
    return res.json<{ id: number; company_id: string | null }>();
  };

  const freshCompany = async () => {
    const res = await apiAs(app, user).post(
      `${ws(user.workspaceId)}/companies`,
      {
        name: 'Fresh',
      },
    );
    expect(res.statusCode).toBe(201);
    const { id } = res.json<Company>();
    return { id, url: `${ws(user.workspaceId)}/companies/${id}` };
  };

  it('lists its live people and deals only, by page and by cursor', async () => {
    const { id, url: base } = await freshCompany();
    const people = [await person(id), await person(id)];
    await person(id, true);
    await person(company.id);
    const deals = [await deal(id), await deal(id)];
    await deal(company.id);
    const first = await apiAs(app, user).get(`${base}/customers?limit=1`);
    expect(first.statusCode).toBe(200);
    const firstPage = first.json<CompanyPersonPage>();
    expect(firstPage.meta).toMatchObject({ total: 2, limit: 1 });
    const second = (
      await apiAs(app, user).get(
        `${base}/customers?limit=1&cursor=${encodeURIComponent(firstPage.meta.next_cursor!)}`,
      )
    ).json<CompanyPersonPage>();
    expect([...firstPage.data, ...second.data].map((p) => p.id).sort()).toEqual(
      [...people].sort(),
    );
    expect(second.meta.next_cursor).toBeNull();
    const dealPage = (
      await apiAs(app, user).get(`${base}/deals`)
    ).json<CompanyDealPage>();
    expect(dealPage.data.map((d) => d.id).sort()).toEqual([...deals].sort());
    expect(dealPage.data.every((d) => d.company_id === id)).toBe(true);
  });

  it('answers 404 for the people and deals of a deleted company', async () => {
    const { url: gone } = await freshCompany();
    await apiAs(app, user).delete(gone);
    for (const path of ['customers', 'deals']) {
      const answer = await apiAs(app, user).get(`${gone}/${path}`);
      expect(answer.statusCode).toBe(404);
      expect(detailOf(answer)).toBe('No such company in this workspace.');
    }
  });

  it('adds a note about the company, and its timeline holds its own, its people’s and its deals’ entries', async () => {
    const own = await note({ companies: company.id }, 'About the company');
    expect(own.company_id).toBe(company.id);
    const at = await person(company.id);
    const ofPerson = await note({ customers: at }, 'About a person there');
    const ofDeal = await note(
      { deals: await deal(company.id) },
      'About its deal',
    );
    const elsewhere = await note(
      { customers: await person(null) },
      'Elsewhere',
    );
    const timeline = (
      await apiAs(app, user).get(`${base}/activities?kind=note`)
    ).json<ActivityPage>();
    const ids = timeline.data.map((e) => e.id);
    expect(ids).toEqual(
      expect.arrayContaining([own.id, ofPerson.id, ofDeal.id]),
    );
    expect(ids).not.toContain(elsewhere.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const feed = (
      await apiAs(app, user).get(
        `${ws(user.workspaceId)}/activities?kind=note&company_id=${company.id}`,
      )
    ).json<ActivityPage>();
    expect(feed.data.map((e) => e.id)).toEqual(ids);
  });

  it('leaves out the entries of people who left the company', async () => {
    const leaver = await person(company.id);
    const entry = await note({ customers: leaver }, 'Before leaving');
    await sql('update public.customers set company_id = null where id = $1', [
      leaver,
    ]);
    const timeline = (
      await apiAs(app, user).get(`${base}/activities`)
    ).json<ActivityPage>();
    expect(timeline.data.map((e) => e.id)).not.toContain(entry.id);
  });

  it('pages the timeline by cursor without gaps or repeats', async () => {
    for (let i = 0; i < 5; i++) await note({ companies: company.id });
    const seen: number[] = [];
    let url = `${base}/activities?limit=2`;
    for (;;) {
      const page = (await apiAs(app, user).get(url)).json<ActivityPage>();
      seen.push(...page.data.map((e) => e.id));
      if (!page.meta.next_cursor) break;
      url = `${base}/activities?limit=2&cursor=${encodeURIComponent(page.meta.next_cursor)}`;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(5);
  });

  it('records the company’s own changes on its timeline', async () => {
    await apiAs(app, user).patch(base, { city: 'London' });
    const timeline = (
      await apiAs(app, user).get(`${base}/activities?kind=created,updated`)
    ).json<ActivityPage>();
    expect(timeline.data.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['created', 'updated']),
    );
  });

  it('lists what both timelines hold when given a customer and a company', async () => {
    const { id } = await freshCompany();
    const at = await person(id);
    const away = await person(null);
    const shared = await note({ deals: await deal(id, at) }, 'Both');
    const own = await note({ customers: at }, 'Own');
    const onlyCompany = await note({ companies: id }, 'Company');
    const notThere = await note({ customers: away }, 'Away');
    const feed = (url: string) =>
      apiAs(app, user)
        .get(`${ws(user.workspaceId)}/activities?kind=note&${url}`)
        .then((res) => res.json<ActivityPage>().data.map((e) => e.id));
    expect(await feed(`company_id=${id}&customer_id=${at}`)).toEqual([
      own.id,
      shared.id,
    ]);
    expect(await feed(`company_id=${id}&customer_id=${away}`)).toEqual([]);
    expect(await feed(`company_id=${id}`)).toContain(onlyCompany.id);
    expect(await feed(`customer_id=${away}`)).toEqual([notThere.id]);
  });

  it('refuses a note about another workspace’s company, through the API and PostgREST', async () => {
    const other = await signedInUser();
    const url = `${ws(other.workspaceId)}/companies/${company.id}/activities`;
    const res = await apiAs(app, other).post(url, { kind: 'note', body: 'No' });
    expect(res.statusCode).toBe(404);
    expect(detailOf(res)).toBe('No such company in this workspace.');
    const direct = await directWithToken(other.token)
      .from('activities')
      .insert({
        workspace_id: other.workspaceId,
        company_id: company.id,
        kind: 'note',
        body: 'No',
      } as never);
    expect(direct.error?.code).toBe('PT404');
  });
});
