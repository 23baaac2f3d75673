import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../support/app';
import { sql } from '../support/database';
import { team, type Team } from '../support/team';
import { apiAs, ws } from '../support/users';

interface Page {
  data: {
    reasons: string[];
    first: { name: string };
    second: { name: string };
  }[];
}

/**
 * A merge moves rows with the duplicate pairs' trigger held back (row by row it cost a second per
 * thousand people): the pairs it can change are recomputed by the merge itself, so the
 * duplicates page reads after a merge exactly as if every row had been written anew.
 */
describe('duplicate pairs after a merge', () => {
  let app: NestFastifyApplication;
  let t: Team;

  beforeAll(async () => {
    app = await createTestApp();
    t = await team('Merged pairs');
  });

  afterAll(() => app.close());

  const pairs = async () =>
    (
      await apiAs(app, t.users.viewer).get(
        `${ws(t.workspaceId)}/customers/duplicates?limit=100`,
      )
    )
      .json<Page>()
      .data.map((p) => [
        [p.first.name, p.second.name].sort().join(' & '),
        p.reasons,
      ]);

  const insert = async (text: string, values: unknown[]) =>
    (await sql<{ id: string }>(text, values)).map((r) => r.id);

  it("pairs the people who came with a company with the survivor's own look-alikes", async () => {
    const [survivor, duplicate] = await insert(
      `insert into public.companies (workspace_id, name)
       values ($1, 'Pairs Survivor Ltd'), ($1, 'Pairs Duplicate Gmbh') returning id`,
      [t.workspaceId],
    );
    await sql(
      `insert into public.customers (workspace_id, name, company_id)
       values ($1, 'Jonathan Pairwise', $2), ($1, 'Jonathon Pairwise', $3),
              ($1, 'Unrelated Person', $3)`,
      [t.workspaceId, survivor, duplicate],
    );
    expect(await pairs()).toEqual([]);

    const merged = await apiAs(app, t.users.member).post(
      `${ws(t.workspaceId)}/companies/${survivor}/merge`,
      { duplicate_id: duplicate },
    );
    expect(merged.statusCode).toBe(200);
    expect(await pairs()).toEqual([
      ['Jonathan Pairwise & Jonathon Pairwise', ['name']],
    ]);
  });

  it('drops the pairs of a person merged away and finds those the survivor gained', async () => {
    const [kept, gone] = await insert(
      `insert into public.customers (workspace_id, name, email, phone)
       values ($1, 'Kept Keeper', 'keeper@pairs.example', null),
              ($1, 'Gone Goner', 'keeper+crm@pairs.example', '+44 20 7946 0999')
       returning id`,
      [t.workspaceId],
    );
    await sql(
      `insert into public.customers (workspace_id, name, phone)
       values ($1, 'Phone Twin', '0044 20 7946 0999')`,
      [t.workspaceId],
    );
    const before = await pairs();
    expect(before).toContainEqual(['Gone Goner & Kept Keeper', ['email']]);
    expect(before).toContainEqual(['Gone Goner & Phone Twin', ['phone']]);

    const merged = await apiAs(app, t.users.member).post(
      `${ws(t.workspaceId)}/customers/${kept}/merge`,
      { duplicate_id: gone },
    );
    expect(merged.statusCode).toBe(200);
    const after = await pairs();
    expect(after.filter(([names]) => String(names).includes('Gone'))).toEqual(
      [],
    );
    // The survivor took the duplicate's phone, and with it the phone's twin.
    expect(after).toContainEqual(['Kept Keeper & Phone Twin', ['phone']]);
  });
});
