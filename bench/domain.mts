// Search, deep pages and the pipeline, for bench/run.mts (full mode only: their seeds take
// minutes): each figure beside the same call straight to PostgREST where there is one.
import type pg from 'pg';
import type { RunningStack } from '../scripts/local-stack/stack.mts';
import { callApi, median, round, sequentialP50 } from './lib.mts';

export interface DomainBenchInput {
  db: pg.Client;
  stack: RunningStack;
  /** The app's API root (`…/api/v1`). */
  api: string;
  bigWorkspace: string;
  bigOwner: string;
  /** A member's token for the app's side and PostgREST's. */
  listToken: string;
  tokenFor: (userId: string) => Promise<string>;
  plan: { rounds: number; samples: number };
  log: (line: string) => void;
}

export async function benchDomain(input: DomainBenchInput) {
  const {
    db,
    stack,
    api,
    bigWorkspace,
    bigOwner,
    listToken,
    tokenFor,
    plan,
    log,
  } = input;
  const customersOf = (workspace: string) =>
    `${api}/workspaces/${workspace}/customers`;
  log('search over the 100,000 customers of one workspace');
  const bigToken = { authorization: `Bearer ${await tokenFor(bigOwner)}` };
  const search = await sequentialP50(plan.samples, (i) => ({
    // A five-digit part of a name or email: selective, as a person's search usually is.
    url: `${customersOf(bigWorkspace)}?limit=20&q=${10000 + ((i * 7919) % 90000)}`,
    headers: bigToken,
  }));

  log('deep page: cursor after row 20 vs cursor after row 90,000');
  /** The cursor after `rows` rows: page mode stops 10,000 rows deep, so walk there by cursor. */
  const cursorAfter = async (rows: number) => {
    let cursor = '';
    for (let seen = 0; seen < rows;) {
      const step = Math.min(100, rows - seen);
      const { text } = await callApi(
        `${customersOf(bigWorkspace)}?limit=${step}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { headers: bigToken },
      );
      cursor = (JSON.parse(text) as { meta: { next_cursor: string } }).meta
        .next_cursor;
      seen += step;
    }
    return cursor;
  };
  const [shallowCursor, deepCursor] = [
    await cursorAfter(20),
    await cursorAfter(90_000),
  ];
  const byCursor = (cursor: string) => () => ({
    url: `${customersOf(bigWorkspace)}?limit=20&cursor=${encodeURIComponent(cursor)}`,
    headers: bigToken,
  });
  const firstPage = await sequentialP50(plan.samples, byCursor(shallowCursor));
  const deepPage = await sequentialP50(plan.samples, byCursor(deepCursor));

  log(
    'pipeline: 10,000 deals over 6 stages; board, move and summary vs PostgREST',
  );
  const [salesPipeline] = (
    await db.query<{ id: string }>(
      'select id from public.pipelines where workspace_id = $1',
      [bigWorkspace],
    )
  ).rows;
  const stageIds = (
    await db.query<{ id: string }>(
      'select id from public.pipeline_stages where pipeline_id = $1 order by position',
      [salesPipeline.id],
    )
  ).rows.map((r) => r.id);
  await db.query(
    `insert into public.deals (workspace_id, pipeline_id, stage_id, title, amount, currency, created_by)
   select $1::uuid, $2::uuid, ($3::uuid[])[1 + i % 6], 'Deal ' || i, (i % 500) * 100,
          (array['USD','EUR','GBP'])[1 + i % 3], $4::uuid
     from generate_series(1, 10000) i`,
    [bigWorkspace, salesPipeline.id, stageIds, bigOwner],
  );
  // As autovacuum leaves a table after a bulk load: visible to index-only scans, analyzed.
  await db.query('vacuum analyze public.deals');
  await db.query('vacuum analyze public.deal_stage_history');
  const dealIds = (
    await db.query<{ id: string }>(
      'select id from public.deals where workspace_id = $1',
      [bigWorkspace],
    )
  ).rows.map((r) => r.id);
  const rest = (path: string) =>
    `${stack.env.SUPABASE_URL}/rest/v1/rpc/${path}`;
  const direct = {
    apikey: stack.env.SUPABASE_PUBLISHABLE_KEY,
    authorization: `Bearer ${listToken}`,
  };
  const memberAuth = { authorization: `Bearer ${listToken}` };
  const pipelineUrl = `${api}/workspaces/${bigWorkspace}/pipelines/${salesPipeline.id}`;
  /** App and direct in turns, the median of each side's p50s. */
  const sideBySide = async (
    app: Parameters<typeof sequentialP50>[1],
    straight: Parameters<typeof sequentialP50>[1],
  ) => {
    const a: number[] = [];
    const b: number[] = [];
    let failures = 0;
    for (let r = 0; r < plan.rounds; r++) {
      const x = await sequentialP50(plan.samples / 4, app);
      const y = await sequentialP50(plan.samples / 4, straight);
      a.push(x.p50);
      b.push(y.p50);
      failures += x.failures + y.failures;
    }
    const [app_p50_ms, direct_p50_ms] = [round(median(a)), round(median(b))];
    return {
      app_p50_ms,
      direct_p50_ms,
      ratio: round(app_p50_ms / direct_p50_ms),
      failures,
    };
  };
  const board = await sideBySide(
    () => ({ url: `${pipelineUrl}/board`, headers: memberAuth }),
    () => ({
      url: `${rest('pipeline_board')}?p_workspace_id=${bigWorkspace}&p_pipeline_id=${salesPipeline.id}&p_per_stage=50`,
      headers: direct,
    }),
  );
  // A card to another column, at the top: the commonest drag on a board.
  const moveTo = (i: number) => ({
    deal: dealIds[(i * 7919) % dealIds.length],
    stage: stageIds[i % 4],
  });
  const moves = await sideBySide(
    (i) => ({
      url: `${api}/workspaces/${bigWorkspace}/deals/${moveTo(i).deal}/move`,
      method: 'POST',
      json: { stage_id: moveTo(i).stage },
      headers: memberAuth,
    }),
    (i) => ({
      url: rest('move_deal'),
      method: 'POST',
      json: {
        p_workspace_id: bigWorkspace,
        p_deal_id: moveTo(i + 1).deal,
        p_stage_id: moveTo(i + 1).stage,
      },
      headers: direct,
    }),
  );
  const now = new Date().toISOString();
  const since = new Date(Date.now() - 90 * 86_400_000).toISOString();
  const summary = await sideBySide(
    () => ({ url: `${pipelineUrl}/summary`, headers: memberAuth }),
    () => ({
      url: `${rest('pipeline_summary')}?p_workspace_id=${bigWorkspace}&p_pipeline_id=${salesPipeline.id}&p_from=${encodeURIComponent(since)}&p_to=${encodeURIComponent(now)}`,
      headers: direct,
    }),
  );

  return { search, firstPage, deepPage, board, moves, summary };
}
