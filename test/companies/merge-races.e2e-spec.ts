import { Client } from 'pg';
import { sharedWorkspace, sql } from '../support/database';
import { directWithToken } from '../support/postgrest';
import { signedInUser, type TestUser } from '../support/users';
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

type Kind = 'companies' | 'customers';
const FN = {
  companies: 'merge_companies',
  customers: 'merge_customers',
} as const;

/**
 * Holds the rows' locks in a transaction of its own until the returned function is called, so
 * that calls started meanwhile line up behind them and then run at once.
 */
async function holding(table: Kind, ids: string[]) {
  const client = new Client({
    connectionString: process.env.DATABASE_ADMIN_URL,
  });
  await client.connect();
  await client.query('begin');
  await client.query(
    `select from public.${table} where id = any ($1::uuid[]) for update`,
    [ids],
  );
  return async () => {
    await client.query('commit');
    await client.end();
  };
}

/** Sends a data API request now (supabase-js sends one only when it is awaited). */
const sent = <T>(request: PromiseLike<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    void request.then(resolve, reject);
  });

/** Waits until `n` statements wait for a lock: the calls are lined up. */
async function lockWaiters(n: number) {
  // Up to 20 s: on a loaded machine a request can take seconds to reach its lock.
  for (let tries = 0; tries < 800; tries++) {
    const [{ waiting }] = await sql<{ waiting: number }>(
      `select count(*)::int as waiting from pg_stat_activity
        where wait_event_type = 'Lock' and backend_type = 'client backend'`,
    );
    if (waiting >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${n} calls never waited for the held lock`);
}

/**
 * Merges racing each other and racing edits, straight through PostgREST with real tokens: each
 * race ends with one survivor, one merged entry, and nothing pointing at a merged-away record.
 */
describe('merges at the same time', () => {
  let member: TestUser;
  let workspaceId: string;

  beforeAll(async () => {
    member = await signedInUser();
    workspaceId = await sharedWorkspace([[member, 'member']]);
  });

  const merge = (kind: Kind, survivor: string, duplicate: string) =>
    sent(
      directWithToken(member.token).rpc(FN[kind], {
        p_survivor_id: survivor,
        p_duplicate_id: duplicate,
      }),
    );

  /** Starts the calls behind the rows' locks, lets them go at once, and answers their answers. */
  async function race<T extends unknown[]>(
    kind: Kind,
    ids: string[],
    start: () => { [K in keyof T]: Promise<T[K]> },
  ): Promise<T> {
    const release = await holding(kind, ids);
    let calls: { [K in keyof T]: Promise<T[K]> } | undefined;
    try {
      calls = start();
      await lockWaiters(calls.length);
    } finally {
      await release();
    }
    return Promise.all(calls);
  }

  /** A record with something of every kind pointing at it. */
  async function linked(kind: Kind) {
    if (kind === 'companies') {
      const id = await aCompany(workspaceId);
      await aPerson(workspaceId, { company_id: id });
      await aDeal(workspaceId, { company_id: id });
      await aNote(workspaceId, { company_id: id });
      return id;
    }
    const id = await aPerson(workspaceId);
    await aContact(
      workspaceId,
      await aDeal(workspaceId, { customer_id: id }),
      id,
    );
    await aNote(workspaceId, { customer_id: id });
    return id;
  }

  const states = (kind: Kind, ids: string[]) =>
    sql<{ id: string; merged_into: string | null }>(
      `select id, merged_into from public.${kind} where id = any ($1::uuid[]) order by id`,
      [ids],
    );

  describe.each<Kind>(['companies', 'customers'])('of %s', (kind) => {
    it('A into B and B into A at once: one survivor, the other call told where A went', async () => {
      const [a, b] = [await linked(kind), await linked(kind)];
      const before = await lastEntry(workspaceId);
      const answers = await race(kind, [a, b], () => [
        merge(kind, b, a),
        merge(kind, a, b),
      ]);

      const won = answers.filter((r) => !r.error);
      const lost = answers.filter((r) => r.error);
      expect([won.length, lost.length]).toEqual([1, 1]);
      const survivor = (won[0].data as { id: string }).id;
      expect([lost[0].error?.code, lost[0].error?.details]).toEqual([
        'PT404',
        survivor,
      ]);
      const loser = survivor === a ? b : a;
      expect(await states(kind, [a, b])).toEqual(
        [
          { id: survivor, merged_into: null },
          { id: loser, merged_into: survivor },
        ].sort((x, y) => (x.id < y.id ? -1 : 1)),
      );
      const written = await entriesSince(workspaceId, before);
      expect(written.map((e) => e.kind)).toEqual(['merged']);
      expect(await orphans(workspaceId)).toBe(0);
    });

    it('A into B twice at once: one merge, one refusal naming B', async () => {
      const [a, b] = [await linked(kind), await linked(kind)];
      const before = await lastEntry(workspaceId);
      const answers = await race(kind, [a, b], () => [
        merge(kind, b, a),
        merge(kind, b, a),
      ]);

      expect(answers.filter((r) => !r.error)).toHaveLength(1);
      const [refused] = answers.filter((r) => r.error);
      expect([
        refused.error?.code,
        refused.error?.message,
        refused.error?.details,
      ]).toEqual(['PT404', 'the duplicate was merged into another', b]);
      const written = await entriesSince(workspaceId, before);
      expect(written.map((e) => e.kind)).toEqual(['merged']);
      expect(await orphans(workspaceId)).toBe(0);
    });
  });

  it('a merge racing a new link to the duplicate and an edit of it leaves nothing behind', async () => {
    const survivor = await aCompany(workspaceId);
    const duplicate = await linked('companies');
    const direct = directWithToken(member.token);
    const [merged, linkedAnswer, edited] = await race(
      'companies',
      [duplicate],
      () => [
        merge('companies', survivor, duplicate),
        sent(
          direct
            .from('customers')
            .insert({
              workspace_id: workspaceId,
              name: 'Late',
              company_id: duplicate,
            })
            .select('id'),
        ),
        sent(
          direct
            .from('companies')
            .update({ notes: 'Edited meanwhile' })
            .eq('id', duplicate)
            .is('deleted_at', null)
            .select('id'),
        ),
      ],
    );

    expect(merged.error).toBeNull();
    // The link landed first (and moved) or came after and was refused.
    if (linkedAnswer.error)
      expect([linkedAnswer.error.code, linkedAnswer.error.message]).toEqual([
        'PT422',
        'the company was merged into another',
      ]);
    else
      expect(
        (
          await sql<{ company_id: string }>(
            'select company_id from public.customers where id = $1',
            [linkedAnswer.data[0].id],
          )
        )[0].company_id,
      ).toBe(survivor);
    // The edit landed first (and the survivor took the notes) or found the company gone.
    expect(edited.error).toBeNull();
    const [{ notes }] = await sql<{ notes: string | null }>(
      'select notes from public.companies where id = $1',
      [survivor],
    );
    expect(edited.data!.length === 1 ? notes : 'found nothing to edit').toEqual(
      edited.data!.length === 1 ? 'Edited meanwhile' : 'found nothing to edit',
    );
    expect(await orphans(workspaceId)).toBe(0);
  });
});
