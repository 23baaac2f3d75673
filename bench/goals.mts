// The goals bench/run.mts reports against, as a table: figure, value, goal, met.
import { round, shown, type Spread } from './lib.mts';

type Figure = number | Spread;

/** What the goals read of a run's results (bench/results/latest.json). */
export interface GoalInput {
  results: {
    liveness: { ratio: Figure };
    readiness_storm: { db_queries_per_1000: number };
    customers_list: { latency_ratio: Figure; throughput_ratio: Figure };
    cold_start_ms: Figure;
    rss_mb: number;
  };
  domain?: {
    search: { p50: number };
    firstPage: { p50: number };
    deepPage: { p50: number };
    board: { app_p50_ms: number };
    moves: { app_p50_ms: number };
    summary: { app_p50_ms: number };
  };
  timeline?: {
    feed_first_page_p50_ms: number;
    customer_page_p50_ms: number;
    live: {
      many: { delivery_p99_ms: number; missing: number };
      statements_ratio: number;
    };
  };
}

/** The goals of a run, as a markdown table, the median of each figure against its goal. */
export function goalsTable({ results, domain, timeline }: GoalInput): string {
  /** Figure, value, goal, whether the median meets it. */
  const goals: [string, number | Spread, string, boolean][] = [];
  const goal = (
    name: string,
    figure: number | Spread,
    text: string,
    met: (value: number) => boolean,
  ) =>
    goals.push([
      name,
      figure,
      text,
      met(typeof figure === 'number' ? figure : figure.median),
    ]);
  goal('liveness.ratio', results.liveness.ratio, '≥ 0.8', (v) => v >= 0.8);
  goal(
    'readiness_storm.db_queries_per_1000',
    results.readiness_storm.db_queries_per_1000,
    '≤ 2',
    (v) => v <= 2,
  );
  goal(
    'customers_list.latency_ratio',
    results.customers_list.latency_ratio,
    '≤ 1.15',
    (v) => v <= 1.15,
  );
  goal(
    'customers_list.throughput_ratio',
    results.customers_list.throughput_ratio,
    '≥ 0.85',
    (v) => v >= 0.85,
  );
  if (domain) {
    goal('search.p50_ms', domain.search.p50, '≤ 20', (v) => v <= 20);
    goal(
      'deep_page.ratio',
      round(domain.deepPage.p50 / domain.firstPage.p50),
      '≤ 1.5',
      (v) => v <= 1.5,
    );
    goal(
      'pipeline.board.app_p50_ms',
      domain.board.app_p50_ms,
      '≤ 25',
      (v) => v <= 25,
    );
    goal(
      'pipeline.move.app_p50_ms',
      domain.moves.app_p50_ms,
      '≤ 10',
      (v) => v <= 10,
    );
    goal(
      'pipeline.summary.app_p50_ms',
      domain.summary.app_p50_ms,
      '≤ 50',
      (v) => v <= 50,
    );
  }
  if (timeline) {
    goal(
      'timeline.feed_first_page_p50_ms',
      timeline.feed_first_page_p50_ms,
      '≤ 10',
      (v) => v <= 10,
    );
    goal(
      'timeline.customer_page_p50_ms',
      timeline.customer_page_p50_ms,
      '≤ 10',
      (v) => v <= 10,
    );
    goal(
      'timeline.live.many.delivery_p99_ms',
      timeline.live.many.delivery_p99_ms,
      '≤ 200, none missing',
      (v) => v <= 200 && timeline.live.many.missing === 0,
    );
    goal(
      'timeline.live.statements_ratio',
      timeline.live.statements_ratio,
      '≈ 1 (1,000 vs 10 streams)',
      (v) => v <= 1.2,
    );
  }
  goal('cold_start_ms', results.cold_start_ms, '≤ 800', (v) => v <= 800);
  goal('rss_mb', results.rss_mb, '≤ 150', (v) => v <= 150);
  return `| figure | value | goal | met |\n| --- | --- | --- | --- |\n${goals
    .map(
      ([name, value, goal, met]) =>
        `| ${name} | ${shown(value)} | ${goal} | ${met ? 'yes' : 'NO'} |`,
    )
    .join('\n')}`;
}
