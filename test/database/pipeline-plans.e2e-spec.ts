import {
  createUser,
  type ExplainingSession,
  explainingSessionAs,
  sql,
} from '../support/database';

/**
 * The plans of the board, a column page, a move and the deal lists as an `authenticated` member,
 * read with auto_explain (the functions' queries run inside them). 12,000 deals in one pipeline,
 * 6,000 of them in one column: at that size a sort or a scan of the column shows.
 */
describe('query plans of the pipeline functions as an authenticated user', () => {
  let owner: string;
  let workspace: string;
  let pipeline: string;
  let stages: string[];
  let session: ExplainingSession;

  /** The plans of the statements a call ran that read public.deals. */
  async function plansOf(call: string, values: unknown[]): Promise<string> {
    const { plans } = await session.run(call, values);
    const read = plans.filter((p) => p.includes('public.deals')).join('\n');
    expect(read).not.toBe('');
    return read;
  }

  beforeAll(async () => {
    ({ id: owner, workspaceId: workspace } = await createUser());
    [{ id: pipeline }] = await sql<{ id: string }>(
      'select id from public.pipelines where workspace_id = $1',
      [workspace],
    );
    stages = (
      await sql<{ id: string }>(
        'select id from public.pipeline_stages where pipeline_id = $1 order by position',
        [pipeline],
      )
    ).map((s) => s.id);
    await sql(
      `insert into public.deals (workspace_id, pipeline_id, stage_id, title, amount, currency)
       select $1::uuid, $2::uuid, case when i <= 6000 then $3::uuid else ($4::uuid[])[1 + i % 6] end,
              'Deal ' || i, i % 1000, 'EUR'
         from generate_series(1, 12000) i`,
      [workspace, pipeline, stages[0], stages],
    );
    await sql('vacuum analyze public.deals');

    session = await explainingSessionAs(owner);
  });

  afterAll(async () => {
    await session.end();
    await sql('delete from public.workspaces where id = $1', [workspace]).catch(
      () => undefined,
    );
  });

  it('reads each column of the board from the (stage, position) index, never sorting a column', async () => {
    const plan = await plansOf('select public.pipeline_board($1, $2, 50)', [
      workspace,
      pipeline,
    ]);
    expect(plan).toMatch(/Index Scan using deals_stage_position_key/);
    expect(plan).not.toMatch(/Seq Scan on deals/);
  });

  it('reads a page deep in a column from the same index', async () => {
    const [{ position }] = await sql<{ position: string }>(
      `select position from public.deals where stage_id = $1 and deleted_at is null
        order by position offset 5000 limit 1`,
      [stages[0]],
    );
    const plan = await plansOf(
      `select public.stage_deals(p_workspace_id => $1, p_pipeline_id => $2,
                                 p_stage_id => $3, p_after_position => $4, p_limit => 50)`,
      [workspace, pipeline, stages[0], position],
    );
    expect(plan).toMatch(/Index Cond: .*stage_id.*position/s);
    expect(plan).not.toMatch(/Sort/);
  });

  it('finds a move’s neighbours and the top of a 6,000-card column through the index', async () => {
    const [deal] = await sql<{ id: string }>(
      'select id from public.deals where stage_id = $1 limit 1',
      [stages[1]],
    );
    const plan = await plansOf('select public.move_deal($3, $1, $2)', [
      deal.id,
      stages[0],
      workspace,
    ]);
    expect(plan).toMatch(/deals_stage_position_key/);
    expect(plan).not.toMatch(/Seq Scan on deals/);
  });

  it('lists by amount from its index', async () => {
    const plan = await plansOf(
      `select public.list_deals(p_workspace_id => $1, p_sort => 'amount', p_limit => 20)`,
      [workspace],
    );
    expect(plan).toMatch(/Index Scan using deals_workspace_amount_idx/);
    expect(plan).not.toMatch(/Sort/);
  });
});
