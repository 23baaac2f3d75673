import type { ConfigType } from '@nestjs/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { securityConfig } from '../../src/config/security.config';
import { ListCursorCodec } from '../../src/common/list-cursor';
import { createTestApp } from '../support/app';
import { sql } from '../support/database';
import { apiAs, signedInUser, type TestUser } from '../support/users';
import type { Customer, CustomerPage } from '../support/api-types';

const STATUSES = ['lead', 'prospect', 'active', 'inactive'];

/**
 * 30 customers, one a day from 2026-01-01, straight into the table for known timestamps; every
 * third one (i % 3 = 2) at the company returned.
 */
async function seed(user: TestUser, count = 30): Promise<string> {
  const [company] = await sql<{ id: string }>(
    `insert into public.companies (workspace_id, name, domain, created_by)
     values ($1, 'Company 2', $2, $3) returning id`,
    [user.workspaceId, `c2-${randomUUID()}.example`, user.id],
  );
  await sql(
    `insert into public.customers (workspace_id, created_by, name, email, company_id, status, tags, created_at)
     select $4::uuid, $1::uuid, format('Person %s', lpad(i::text, 2, '0')),
            format('person%s@example.test', i), case when i % 3 = 2 then $5::uuid end,
            ($2::text[])[1 + i % 4], case when i % 5 = 0 then array['vip'] else '{}' end,
            '2026-01-01T00:00:00Z'::timestamptz + (i - 1) * interval '1 day'
       from generate_series(1, $3::int) i`,
    [user.id, STATUSES, count, user.workspaceId, company.id],
  );
  return company.id;
}

describe('GET /api/v1/workspaces/{workspaceId}/customers', () => {
  let app: NestFastifyApplication;
  let user: TestUser;
  let companyId: string;
  const list = (query: string) =>
    apiAs(app, user).get(`${user.customers}?${query}`);
  const page = async (query: string) => {
    const res = await list(query);
    expect(res.statusCode).toBe(200);
    return res.json<CustomerPage>();
  };

  beforeAll(async () => {
    app = await createTestApp();
    user = await signedInUser();
    companyId = await seed(user);
  });

  afterAll(async () => {
    await app.close();
  });

  describe('page mode', () => {
    it('pages through every customer without gaps or repeats, with the total', async () => {
      const pages = [
        await page('limit=12&page=1'),
        await page('limit=12&page=2'),
        await page('limit=12&page=3'),
      ];
      const names = pages.flatMap((p) => p.data.map((c) => c.name));
      expect(names).toHaveLength(30);
      expect(new Set(names).size).toBe(30);
      expect(pages[0].meta).toMatchObject({ page: 1, limit: 12, total: 30 });
      expect(pages[2].data).toHaveLength(6);
      expect(pages[2].meta.next_cursor).toBeNull();
      expect(names[0]).toBe('Person 30'); // newest first by default
    });

    it('defaults to 20 per page', async () => {
      const first = await page('');
      expect(first.data).toHaveLength(20);
      expect(first.meta).toMatchObject({ page: 1, limit: 20, total: 30 });
      expect(first.meta.next_cursor).toEqual(expect.any(String));
    });
  });

  describe('cursor mode', () => {
    it.each(['-created_at', 'created_at', 'name', '-name', '-updated_at'])(
      'walks every customer once in %s order',
      async (sort) => {
        const seen: Customer[] = [];
        let cursor: string | null = (await page(`limit=7&sort=${sort}`)).meta
          .next_cursor;
        seen.push(...(await page(`limit=7&sort=${sort}`)).data);
        while (cursor) {
          const next = await page(
            `limit=7&sort=${sort}&cursor=${encodeURIComponent(cursor)}`,
          );
          expect(next.meta).not.toHaveProperty('total');
          seen.push(...next.data);
          cursor = next.meta.next_cursor;
        }
        expect(seen).toHaveLength(30);
        expect(new Set(seen.map((c) => c.id)).size).toBe(30);
        const key = sort.replace('-', '') as
          'created_at' | 'name' | 'updated_at';
        const sorted = [...seen].sort((a, b) =>
          a[key] === b[key]
            ? a.id.localeCompare(b.id)
            : a[key] < b[key]
              ? -1
              : 1,
        );
        expect(seen.map((c) => c.id)).toEqual(
          (sort.startsWith('-') ? sorted.reverse() : sorted).map((c) => c.id),
        );
      },
    );

    it('answers 400 to a cursor reused with other filters, or with page', async () => {
      const cursor = encodeURIComponent(
        (await page('limit=5')).meta.next_cursor!,
      );
      expect(
        (await list(`limit=5&status=lead&cursor=${cursor}`)).statusCode,
      ).toBe(400);
      expect(
        (await list(`limit=5&sort=name&cursor=${cursor}`)).statusCode,
      ).toBe(400);
      expect((await list(`limit=5&page=2&cursor=${cursor}`)).statusCode).toBe(
        400,
      );
    });

    it('answers 400 to a forged cursor for the very same listing', async () => {
      const issued = (await page('limit=5')).meta.next_cursor!;
      const listing = { workspaceId: user.workspaceId, sort: '-created_at' };
      const forgeries = [
        // Sealed with a key other than this deployment's.
        new ListCursorCodec({
          secretKey: 'not-this-deployments-key-0123456789abcdef',
        } as ConfigType<typeof securityConfig>).encode(
          { value: '2026-01-20T00:00:00+00:00', id: randomUUID() },
          listing,
        ),
        // An issued cursor with one bit changed.
        (() => {
          const raw = Buffer.from(issued, 'base64url');
          raw[raw.length - 20] ^= 1;
          return raw.toString('base64url');
        })(),
      ];
      for (const forged of forgeries) {
        const res = await list(`limit=5&cursor=${forged}`);
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({
          detail: 'cursor is not one this API issued',
        });
      }
    });
  });

  describe('filters and sort', () => {
    it('filters by one status or a list of them', async () => {
      const leads = await page('status=lead&limit=100');
      expect(leads.data.every((c) => c.status === 'lead')).toBe(true);
      const both = await page('status=lead,active&limit=100');
      expect(both.meta.total).toBe(
        leads.meta.total! + (await page('status=active')).meta.total!,
      );
      expect(new Set(both.data.map((c) => c.status))).toEqual(
        new Set(['lead', 'active']),
      );
    });

    it('filters by tag', async () => {
      const vip = await page('tag=vip&limit=100');
      expect(vip.meta.total).toBe(6);
      expect(vip.data.every((c) => c.tags.includes('vip'))).toBe(true);
    });

    it('filters by creation time, both bounds inclusive', async () => {
      const january = await page(
        `created_from=2026-01-10T00:00:00Z&created_to=${encodeURIComponent('2026-01-12T00:00:00Z')}`,
      );
      expect(january.data.map((c) => c.name).sort()).toEqual([
        'Person 10',
        'Person 11',
        'Person 12',
      ]);
    });

    it('searches name and email case-insensitively, and no longer a company text', async () => {
      expect((await page('q=PERSON 07')).data.map((c) => c.name)).toEqual([
        'Person 07',
      ]);
      expect((await page('q=person13@')).data.map((c) => c.name)).toEqual([
        'Person 13',
      ]);
      expect((await page('q=company 2&limit=100')).meta.total).toBe(0);
    });

    it('filters by company, each row embedding it, and combines with the others', async () => {
      const atCompany = await page(`company_id=${companyId}&limit=100`);
      expect(atCompany.meta.total).toBe(10);
      for (const customer of atCompany.data)
        expect(customer).toMatchObject({
          company_id: companyId,
          company: { id: companyId, name: 'Company 2' },
        });
      const vips = await page(`company_id=${companyId}&tag=vip&limit=100`);
      expect(vips.data.map((c) => c.name).sort()).toEqual([
        'Person 05',
        'Person 20',
      ]);
      const others = await page('limit=100');
      expect(others.data.filter((c) => c.company === null)).toHaveLength(20);
    });

    it("finds nobody at another workspace's company, or at no company at all", async () => {
      const other = await signedInUser();
      const theirs = await seed(other, 3);
      expect((await page(`company_id=${theirs}&limit=100`)).meta.total).toBe(0);
      expect(
        (await page(`company_id=${randomUUID()}&limit=100`)).meta.total,
      ).toBe(0);
      expect((await list('company_id=acme')).statusCode).toBe(400);
    });

    it('sorts by name ascending and descending', async () => {
      expect((await page('sort=name&limit=2')).data.map((c) => c.name)).toEqual(
        ['Person 01', 'Person 02'],
      );
      expect(
        (await page('sort=-name&limit=2')).data.map((c) => c.name),
      ).toEqual(['Person 30', 'Person 29']);
    });

    it('leaves deleted customers out', async () => {
      const victim = (await page('sort=name&limit=1')).data[0];
      await apiAs(app, user).delete(`${user.customers}/${victim.id}`);
      const after = await page('limit=100');
      expect(after.meta.total).toBe(29);
      expect(after.data.map((c) => c.id)).not.toContain(victim.id);
      await apiAs(app, user).post(`${user.customers}/${victim.id}/restore`);
    });
  });

  describe('bad query values', () => {
    it.each([
      ['limit=1000', 'limit'],
      ['limit=0', 'limit'],
      ['page=0', 'page'],
      ['page=abc', 'page'],
      ['sort=password', 'sort'],
      ['status=royalty', 'status'],
      ['created_from=yesterday', 'created_from'],
      ['curser=abc', 'curser'],
      ['owner_id=00000000-0000-4000-8000-000000000001', 'owner_id'],
    ])('answers 400 to %s, naming %s', async (query, field) => {
      const res = await list(query);
      expect(res.statusCode).toBe(400);
      expect(
        res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field),
      ).toContain(field);
    });
  });

  describe('search input that looks like PostgREST or LIKE syntax', () => {
    let searcher: TestUser;
    const names = [
      'comma a,owner_id.neq.0 here',
      'paren x) here',
      'star * here',
      'percent % here',
      'quote " here',
      'backslash \\ here',
      'logic or=(id.not.is.null) here',
      'under_score here',
      'plain name',
    ];

    beforeAll(async () => {
      searcher = await signedInUser();
      for (const name of names) {
        expect(
          (await apiAs(app, searcher).post(searcher.customers, { name }))
            .statusCode,
        ).toBe(201);
      }
      await seed(await signedInUser(), 5); // someone else's rows that must never show up
    });

    it.each([
      'a,owner_id.neq.0',
      'x)',
      '*',
      '%',
      '"',
      '\\',
      'or=(id.not.is.null)',
      '_',
    ])('finds %s literally and nothing else', async (q) => {
      const res = await apiAs(app, searcher).get(
        `${searcher.customers}?limit=100&q=${encodeURIComponent(q)}`,
      );
      expect(res.statusCode).toBe(200);
      const found = res.json<CustomerPage>().data.map((c) => c.name);
      expect(found.sort()).toEqual(names.filter((n) => n.includes(q)).sort());
    });
  });

  describe('the total of a big workspace', () => {
    it('is exact as deep as page mode reaches, and "more than 10,000" beyond', async () => {
      const big = await signedInUser();
      await sql(
        `insert into public.customers (workspace_id, name)
         select $1::uuid, 'Bulk ' || i from generate_series(1, 10050) i`,
        [big.workspaceId],
      );
      await sql('analyze public.customers');
      const first = await apiAs(app, big).get(`${big.customers}?limit=5`);
      expect(first.json()).toMatchObject({
        meta: { total: 10_001, total_exact: false },
      });
      const filtered = await apiAs(app, big).get(
        `${big.customers}?limit=5&q=${encodeURIComponent('Bulk 1000')}`,
      );
      // 'Bulk 1000', 'Bulk 10000' … 'Bulk 10009': a search counts exactly, in its own pass.
      expect(filtered.json()).toMatchObject({
        meta: { total: 11, total_exact: true },
      });
    });
  });
});
