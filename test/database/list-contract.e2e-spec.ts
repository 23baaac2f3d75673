import {
  LIST_LIMITS,
  type ListLimits,
  MAX_PAGE_OFFSET,
} from '../../src/common/list-limits';
import type { Database } from '../../src/database/database.types';
import { type CreatedUser, createUser, sql } from '../support/database';
import { accessTokenFor } from '../support/tokens';
import { type Direct, directWithToken } from '../support/postgrest';

type Rpc = keyof Database['public']['Functions'];

/** A user's own token straight to PostgREST, as anyone can send it. */
async function directAs(userId: string): Promise<Direct> {
  const token = await accessTokenFor(userId);
  return directWithToken(token);
}

interface Place {
  workspace: string;
  pipeline: string;
  stage: string;
}

/**
 * Every list function of the data API, with the argument that sizes its page and the line of
 * src/common/list-limits.ts it answers to. A function that takes a page size and is missing here
 * fails the first test: a new list names its limits.
 */
const LISTS: [Rpc, string, ListLimits, (at: Place) => object][] = [
  [
    'list_customers',
    'p_limit',
    LIST_LIMITS.customers,
    (at) => ({ p_workspace_id: at.workspace }),
  ],
  [
    'list_deals',
    'p_limit',
    LIST_LIMITS.deals,
    (at) => ({ p_workspace_id: at.workspace }),
  ],
  [
    'list_companies',
    'p_limit',
    LIST_LIMITS.companies,
    (at) => ({ p_workspace_id: at.workspace }),
  ],
  [
    'list_activities',
    'p_limit',
    LIST_LIMITS.activities,
    (at) => ({ p_workspace_id: at.workspace }),
  ],
  [
    'list_tasks',
    'p_limit',
    LIST_LIMITS.activities,
    (at) => ({ p_workspace_id: at.workspace }),
  ],
  [
    'pipeline_board',
    'p_per_stage',
    LIST_LIMITS.column,
    (at) => ({ p_workspace_id: at.workspace, p_pipeline_id: at.pipeline }),
  ],
  [
    'stage_deals',
    'p_limit',
    LIST_LIMITS.column,
    (at) => ({
      p_workspace_id: at.workspace,
      p_pipeline_id: at.pipeline,
      p_stage_id: at.stage,
    }),
  ],
  [
    'list_company_duplicates',
    'p_limit',
    LIST_LIMITS.duplicates,
    (at) => ({ p_workspace_id: at.workspace }),
  ],
  [
    'list_customer_duplicates',
    'p_limit',
    LIST_LIMITS.duplicates,
    (at) => ({ p_workspace_id: at.workspace }),
  ],
  [
    'search_workspace',
    'p_limit',
    LIST_LIMITS.search,
    (at) => ({ p_workspace_id: at.workspace, p_query: 'abc' }),
  ],
];

const PAGE_LISTS = ['list_customers', 'list_deals', 'list_companies'] as const;
/** Page lists without a cursor: the same depth. */
const DEEP_LISTS = [
  ...PAGE_LISTS,
  'list_company_duplicates',
  'list_customer_duplicates',
] as const;

describe('the list contract in the database (src/common/list-limits.ts)', () => {
  let user: CreatedUser;
  let db: Direct;
  let at: Place;

  beforeAll(async () => {
    user = await createUser();
    db = await directAs(user.id);
    const [first] = await sql<{ pipeline: string; stage: string }>(
      `select s.pipeline_id as pipeline, s.id as stage from public.pipeline_stages s
        where s.workspace_id = $1 order by s.position collate "C" limit 1`,
      [user.workspaceId],
    );
    at = { workspace: user.workspaceId, ...first };
  });

  it('sizes every list function of the data API in the table', async () => {
    const sized = await sql<{ name: string }>(
      `select p.proname as name from pg_proc p
        where p.pronamespace = 'public'::regnamespace
          and p.proargnames && array['p_limit', 'p_per_stage']::text[]
        order by 1`,
    );
    expect(sized.map((f) => f.name)).toEqual(
      LISTS.map(([name]) => name).sort(),
    );
  });

  describe.each(LISTS)('%s', (name, size, limits, args) => {
    it(`defaults ${size} to the list’s default`, async () => {
      const [{ signature }] = await sql<{ signature: string }>(
        `select pg_get_function_arguments($1::regproc) as signature`,
        [`public.${name}`],
      );
      expect(signature).toContain(`${size} integer DEFAULT ${limits.default}`);
    });

    it(`takes ${size} from 1 to the list’s largest, and no more`, async () => {
      const call = (value: number) =>
        db.rpc(name, { ...args(at), [size]: value } as never);
      for (const value of [1, limits.max])
        expect([value, (await call(value)).error]).toEqual([value, null]);
      for (const value of [0, limits.max + 1])
        expect([value, (await call(value)).error?.code]).toEqual([
          value,
          '22023',
        ]);
    });
  });

  describe.each(DEEP_LISTS)('%s in page mode', (name) => {
    const call = (args: object) =>
      db.rpc(name, { p_workspace_id: at.workspace, ...args } as never);

    it(`reaches ${MAX_PAGE_OFFSET} rows deep, and no further`, async () => {
      expect((await call({ p_offset: MAX_PAGE_OFFSET })).error).toBeNull();
      expect((await call({ p_offset: MAX_PAGE_OFFSET + 1 })).error?.code).toBe(
        '22023',
      );
    });
  });

  describe('the paging tail every page list shares (private.list_page_tail)', () => {
    let owner: CreatedUser;
    let asOwner: Direct;

    beforeAll(async () => {
      owner = await createUser();
      asOwner = await directAs(owner.id);
      await sql(
        `insert into public.customers (workspace_id, name)
         select $1::uuid, 'Tail ' || i from generate_series(1, 3) i`,
        [owner.workspaceId],
      );
      await sql(
        `insert into public.deals (workspace_id, pipeline_id, stage_id, title)
         select s.workspace_id, s.pipeline_id, s.id, 'Tail ' || i
           from (select * from public.pipeline_stages where workspace_id = $1
                  order by position collate "C" limit 1) s, generate_series(1, 3) i`,
        [owner.workspaceId],
      );
      await sql(
        `insert into public.companies (workspace_id, name)
         select $1::uuid, 'Tail ' || i from generate_series(1, 3) i`,
        [owner.workspaceId],
      );
    });

    type Answer = {
      data: unknown[];
      has_more: boolean;
      total: number | null;
      total_exact: boolean;
    };

    it.each(PAGE_LISTS)(
      '%s: trims the extra row into has_more, and totals every page',
      async (name) => {
        const page = async (offset: number, withTotal = true) => {
          const { data, error } = await asOwner.rpc(name, {
            p_workspace_id: owner.workspaceId,
            p_limit: 2,
            p_offset: offset,
            p_with_total: withTotal,
          } as never);
          expect(error).toBeNull();
          const answer = data as unknown as Answer;
          return { ...answer, rows: answer.data.length };
        };
        const expected = (rows: number, hasMore: boolean) => ({
          rows,
          has_more: hasMore,
          total: 3,
          total_exact: true,
        });
        // More follow: counted. The last page: what came before, and what it holds. Past the
        // end: counted.
        expect(await page(0)).toMatchObject(expected(2, true));
        expect(await page(2)).toMatchObject(expected(1, false));
        expect(await page(4)).toMatchObject(expected(0, false));
        expect(await page(0, false)).toMatchObject({
          rows: 2,
          has_more: true,
          total: null,
          total_exact: true,
        });
      },
    );
  });
});
