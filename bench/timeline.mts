// The timeline and its live updates, for bench/run.mts: pages of a 1,000,000-entry workspace,
// and entries delivered to 1,000 open streams of one app process.
import type pg from 'pg';
import { Agent, request } from 'undici';
import { rssMb, round, sequentialP50 } from './lib.mts';

export interface TimelineBenchInput {
  db: pg.Client;
  /** The app the pages are read from. */
  api: string;
  /**
   * An app of its own for the streams, started fresh, so that its memory before and after
   * opening them is the streams' and not the heap room an earlier load left.
   */
  live: { api: string; pid: number };
  workspaceId: string;
  /** Members of the workspace: streams are spread over them (a per-user cap applies). */
  members: { id: string; token: string }[];
  /** A customer of the workspace whose own timeline is read. */
  customerId: string;
  samples: number;
  log: (line: string) => void;
}

const ENTRIES = 1_000_000;
const SUBSCRIBERS = 1000;
const FEW = 10;

/** A subscriber: the time each entry id reached it. */
interface Subscriber {
  arrivals: Map<number, number>;
  close: () => void;
}

async function subscribe(
  url: string,
  token: string,
  dispatcher: Agent,
): Promise<Subscriber> {
  const abort = new AbortController();
  const res = await request(url, {
    headers: { authorization: `Bearer ${token}` },
    dispatcher,
    signal: abort.signal,
  });
  if (res.statusCode !== 200) {
    throw new Error(
      `stream answered ${res.statusCode}: ${await res.body.text()}`,
    );
  }
  const arrivals = new Map<number, number>();
  let buffer = '';
  res.body.setEncoding('utf8');
  res.body.on('data', (chunk: string) => {
    const at = performance.now();
    buffer += chunk;
    const events = buffer.split('\n\n');
    buffer = events.pop() ?? '';
    for (const event of events) {
      const id = /^id: (\d+)$/m.exec(event)?.[1];
      if (id) arrivals.set(Number(id), at);
    }
  });
  res.body.on('error', () => undefined);
  return { arrivals, close: () => abort.abort() };
}

/** Statements the database ran, leaving out this bench's own writes and reads of the count. */
async function statements(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ calls: string }>(
    `select coalesce(sum(calls), 0) as calls from extensions.pg_stat_statements
      where query not ilike '%pg_stat_statements%'
        and query not ilike 'insert into public.activities%'`,
  );
  return Number(rows[0].calls);
}

/**
 * Writes `count` notes, `perSecond` of them a second, each in its own transaction; answers when
 * each one had committed (the insert's answer), by id.
 */
async function writeNotes(
  input: TimelineBenchInput,
  count: number,
  perSecond: number,
): Promise<Map<number, number>> {
  const committed = new Map<number, number>();
  const author = input.members[0].id;
  for (let i = 0; i < count; i++) {
    const due = performance.now() + 1000 / perSecond;
    const { rows } = await input.db.query<{ id: string }>(
      `insert into public.activities (workspace_id, customer_id, actor_id, kind, body)
       values ($1, $2, $3, 'note', $4) returning id`,
      [input.workspaceId, input.customerId, author, `Bench note ${i}`],
    );
    committed.set(Number(rows[0].id), performance.now());
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  return committed;
}

/** Opens `count` streams over the members, `batch` at a time. */
async function openStreams(
  input: TimelineBenchInput,
  count: number,
  dispatcher: Agent,
): Promise<Subscriber[]> {
  const url = `${input.live.api}/workspaces/${input.workspaceId}/events`;
  const opened: Subscriber[] = [];
  const batch = 50;
  for (let i = 0; i < count; i += batch) {
    opened.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(batch, count - i) }, (_, j) =>
          subscribe(
            url,
            input.members[(i + j) % input.members.length].token,
            dispatcher,
          ),
        ),
      )),
    );
  }
  return opened;
}

/** Delivery latency of every entry to every subscriber (ms), and how many never arrived. */
function deliveries(
  subscribers: Subscriber[],
  committed: Map<number, number>,
): { p50: number; p99: number; max: number; missing: number } {
  const delays: number[] = [];
  let missing = 0;
  for (const { arrivals } of subscribers) {
    for (const [id, at] of committed) {
      const arrived = arrivals.get(id);
      if (arrived === undefined) missing++;
      else delays.push(arrived - at);
    }
  }
  delays.sort((a, b) => a - b);
  const at = (q: number) =>
    delays.length ? delays[Math.floor(q * (delays.length - 1))] : NaN;
  return {
    p50: round(at(0.5)),
    p99: round(at(0.99)),
    max: round(at(1)),
    missing,
  };
}

export async function benchTimeline(input: TimelineBenchInput) {
  const { db, log } = input;
  const existing = Number(
    (
      await db.query<{ n: string }>(
        'select count(*) as n from public.activities where workspace_id = $1',
        [input.workspaceId],
      )
    ).rows[0].n,
  );
  log(
    `timeline: ${existing} entries written by the seed's triggers; loading the workspace to ${ENTRIES}`,
  );
  // A bulk load as a migration would do it: triggers off for this session, ids from the sequence.
  await db.query('begin');
  await db.query("set local session_replication_role = 'replica'");
  await db.query(
    `insert into public.activities (id, workspace_id, customer_id, actor_id, kind, body, occurred_at)
     select nextval('public.activities_id_seq'), $1::uuid, c.ids[1 + i % array_length(c.ids, 1)],
            $2::uuid, (array['note','call','meeting','email']::public.activity_kind[])[1 + i % 4],
            'Entry ' || i, now() - (($3::int - i) * interval '1 second')
       from generate_series(1, $3::int) i,
            (select array_agg(id) as ids from public.customers where workspace_id = $1::uuid) c`,
    [input.workspaceId, input.members[0].id, ENTRIES - existing],
  );
  await db.query('commit');
  await db.query('vacuum analyze public.activities');

  const auth = { authorization: `Bearer ${input.members[1].token}` };
  const base = `${input.api}/workspaces/${input.workspaceId}`;
  const feedPage = await sequentialP50(input.samples, () => ({
    url: `${base}/activities?limit=50`,
    headers: auth,
  }));
  const { meta } = (await (
    await request(`${base}/activities?limit=50`, { headers: auth })
  ).body.json()) as { meta: { next_cursor: string } };
  const nextPage = await sequentialP50(input.samples, () => ({
    url: `${base}/activities?limit=50&cursor=${encodeURIComponent(meta.next_cursor)}`,
    headers: auth,
  }));
  const customerPage = await sequentialP50(input.samples, () => ({
    url: `${base}/customers/${input.customerId}/activities?limit=50`,
    headers: auth,
  }));
  const byKind = await sequentialP50(input.samples, () => ({
    url: `${base}/activities?limit=50&kind=call`,
    headers: auth,
  }));

  log(`live updates: ${FEW} subscribers, then ${SUBSCRIBERS}`);
  const dispatcher = new Agent({
    connections: SUBSCRIBERS + 50,
    bodyTimeout: 0,
    headersTimeout: 10_000,
  });
  /** Ten notes a second for five seconds, with `count` streams open. */
  const liveRound = async (count: number) => {
    const rssBefore = rssMb(input.live.pid);
    const subscribers = await openStreams(input, count, dispatcher);
    // Let the opening settle (membership reads, first heartbeats).
    await new Promise((r) => setTimeout(r, 1000));
    const rssOpen = rssMb(input.live.pid);
    const startedStatements = await statements(db);
    const started = performance.now();
    const committed = await writeNotes(input, 50, 10);
    // The last note's deliveries: give them a second.
    await new Promise((r) => setTimeout(r, 1000));
    const seconds = (performance.now() - started) / 1000;
    const ran = (await statements(db)) - startedStatements;
    const delivery = deliveries(subscribers, committed);
    for (const s of subscribers) s.close();
    await new Promise((r) => setTimeout(r, 500));
    return {
      subscribers: count,
      delivery_p50_ms: delivery.p50,
      delivery_p99_ms: delivery.p99,
      delivery_max_ms: delivery.max,
      missing: delivery.missing,
      db_statements_per_s: round(ran / seconds, 1),
      rss_before_mb: rssBefore,
      rss_open_mb: rssOpen,
      rss_per_subscriber_kb: round(((rssOpen - rssBefore) * 1024) / count, 1),
    };
  };
  const few = await liveRound(FEW);
  const many = await liveRound(SUBSCRIBERS);
  await dispatcher.close();

  return {
    entries: ENTRIES,
    feed_first_page_p50_ms: feedPage.p50,
    feed_second_page_p50_ms: nextPage.p50,
    customer_page_p50_ms: customerPage.p50,
    feed_by_kind_p50_ms: byKind.p50,
    failures:
      feedPage.failures +
      nextPage.failures +
      customerPage.failures +
      byKind.failures,
    live: {
      few,
      many,
      statements_ratio: round(
        many.db_statements_per_s / few.db_statements_per_s,
      ),
    },
  };
}
