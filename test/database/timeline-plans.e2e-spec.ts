import {
  createUser,
  type ExplainingSession,
  explainingSessionAs,
  namedCall,
  sql,
} from '../support/database';

/**
 * The plans of list_activities as the `authenticated` role, read with auto_explain (its queries
 * are dynamic). 100,000 newer entries about another customer: a plan that walks the workspace's
 * timeline instead of the customer's own entries reads all of them.
 */
describe('query plans of list_activities as an authenticated user', () => {
  let owner: string;
  let workspace: string;
  let customer: string;
  let session: ExplainingSession;

  async function planOf(args: Record<string, unknown>) {
    const { rows, plans } = await session.run<{
      result: { data: { id: number }[] };
    }>(...namedCall('list_activities', { p_workspace_id: workspace, ...args }));
    const plan = plans.find((p) => p.includes('public.activities a')) ?? '';
    expect(plan).not.toBe('');
    return { plan, ids: rows[0].result.data.map((e) => Number(e.id)) };
  }

  beforeAll(async () => {
    ({ id: owner, workspaceId: workspace } = await createUser());
    const [ours, other] = await sql<{ id: string }>(
      `insert into public.customers (workspace_id, created_by, name)
       values ($1, $2, 'Ada'), ($1, $2, 'Busy') returning id`,
      [workspace, owner],
    );
    customer = ours.id;
    const [stage] = await sql<{ id: string; pipeline_id: string }>(
      `select s.id, s.pipeline_id from public.pipeline_stages s
         join public.pipelines p on p.id = s.pipeline_id
        where p.workspace_id = $1 order by s.position limit 1`,
      [workspace],
    );
    // Ada's deal, and her own entries: the first ones of the workspace.
    await sql(
      `insert into public.deals (workspace_id, pipeline_id, stage_id, title, customer_id, created_by)
       values ($1, $2, $3, 'Ada''s deal', $4, $5)`,
      [workspace, stage.pipeline_id, stage.id, customer, owner],
    );
    // Then 100,000 entries about someone else, loaded as a migration would (triggers off).
    await sql(
      `begin;
       set local session_replication_role = 'replica';
       insert into public.activities (id, workspace_id, customer_id, actor_id, kind, body)
       select nextval('public.activities_id_seq'), '${workspace}', '${other.id}', '${owner}',
              'note', 'Entry ' || i
         from generate_series(1, 100000) i;
       commit;`,
    );
    await sql('vacuum analyze public.activities');

    session = await explainingSessionAs(owner, { analyze: true });
  });

  afterAll(async () => {
    await session?.end();
    await sql('delete from public.activities where workspace_id = $1', [
      workspace,
    ]);
  });

  it("reads a customer's timeline from its own entries and its deals', not the workspace's", async () => {
    const { plan, ids } = await planOf({
      p_customer_id: customer,
      p_limit: 20,
    });
    // Created the customer, created the deal: both found, newest first.
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBeGreaterThan(ids[1]);
    expect(plan).toMatch(/activities_customer_idx/);
    expect(plan).toMatch(/activities_deal_idx/);
    expect(plan).not.toMatch(/activities_workspace_idx/);
    expect(plan).not.toMatch(/Seq Scan on activities/);
  });

  it("reads the workspace feed's first page from an index in id order, without sorting", async () => {
    const { plan, ids } = await planOf({ p_limit: 20 });
    expect(ids).toHaveLength(20);
    // The workspace index, or (this workspace holds most rows here) the primary key backwards.
    expect(plan).toMatch(/Index Scan (Backward )?using activities_\w+/);
    expect(plan).not.toMatch(/Sort|Seq Scan/);
  });
});
