import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import pg from 'pg';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { eventsConfig } from '../config/events.config';
import { ShutdownState } from '../lifecycle/shutdown.state';

/** A timeline entry as the database serialises it (the same JSON the REST lists answer). */
interface Entry {
  id: number;
  workspace_id: string;
  kind: string;
}

/** Where a stream's bytes go: the response, as the controller hands it over. */
export interface StreamSink {
  write(chunk: string): void;
  end(): void;
  /** Bytes written but not yet taken by the client. */
  readonly pending: number;
  onClose(listener: () => void): void;
}

export interface Stream {
  readonly user: AuthenticatedUser;
  readonly workspaceId: string;
}

interface OpenStream extends Stream {
  sink: StreamSink;
  /** The last entry id written. */
  cursor: number;
  /** While a reconnect is replayed: live entries held back, in order. */
  held: Entry[] | null;
  closed: boolean;
}

interface WorkspaceFeed {
  /** Every entry up to this id has been read (ids of a workspace commit in order). */
  last: number;
  streams: Set<OpenStream>;
}

export type FeedLink = 'up' | 'down' | 'off';

const CHANNEL = 'crm_activities';
const PAGE = 500;
const RECONNECT_MAX_MS = 10_000;
/** Start-up waits at most this long for the first attempt; later attempts run in the background. */
const CONNECT_TIMEOUT_MS = 3_000;

/**
 * Live timeline entries for every open stream of this pod. One LISTEN connection learns that a
 * workspace has new entries; one query reads them for all of that workspace's streams; a poll
 * every EVENTS_POLL_MS catches anything a lost notification would miss. The cost in statements
 * follows the number of workspaces with new entries, never the number of streams.
 */
@Injectable()
export class ActivityFeed implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Events');
  private readonly feeds = new Map<string, WorkspaceFeed>();
  private readonly dirty = new Set<string>();
  private reading: Promise<void> | undefined;
  private listener: pg.Client | undefined;
  private pool: pg.Pool | undefined;
  private linkState: FeedLink = 'off';
  private stopped = false;
  private reconnectDelayMs = 500;
  private readonly timers: NodeJS.Timeout[] = [];
  private streamCount = 0;
  private readonly perUser = new Map<string, number>();

  constructor(
    @Inject(eventsConfig.KEY)
    private readonly config: ConfigType<typeof eventsConfig>,
    shutdown: ShutdownState,
  ) {
    // Streams end when draining begins, so clients reconnect to pods that stay.
    shutdown.onShuttingDown(() => this.closeAll('the server is restarting'));
  }

  get link(): FeedLink {
    return this.linkState;
  }

  get openStreams(): number {
    return this.streamCount;
  }

  /** Waits for the first attempt to listen, so health at start-up tells the truth. */
  async onModuleInit(): Promise<void> {
    if (!this.config.databaseUrl) return;
    this.pool = new pg.Pool({
      connectionString: this.config.databaseUrl,
      max: 2,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: 'crm-events',
    });
    // An idle pooled connection that dies is replaced on the next query.
    this.pool.on('error', () => undefined);
    this.linkState = 'down';
    this.every(this.config.pollMs, () => this.markAll());
    this.every(this.config.heartbeatMs, () => this.heartbeat());
    this.every(this.config.membershipCheckMs, () => this.recheckMembers());
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    this.closeAll('the server is stopping');
    await this.listener?.end().catch(() => undefined);
    await this.pool?.end().catch(() => undefined);
  }

  /**
   * Checks that a stream may open (limits, the database link); throws the HTTP error otherwise.
   * Nothing is written yet, so the caller may still answer with an error.
   */
  admit(user: AuthenticatedUser): void {
    if (this.stopped || !this.pool) {
      throw new ServiceUnavailableException(
        'Live updates are not available on this server.',
      );
    }
    if (this.linkState !== 'up') {
      throw new ServiceUnavailableException(
        'Live updates are unavailable right now; retry shortly.',
      );
    }
    if (this.streamCount >= this.config.maxStreams) {
      throw new ServiceUnavailableException(
        'This server holds as many streams as it can; retry shortly.',
      );
    }
    if ((this.perUser.get(user.id) ?? 0) >= this.config.maxStreamsPerUser) {
      throw new HttpException(
        `At most ${this.config.maxStreamsPerUser} open streams per user.`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  /** Starts the workspace's feed before anything is written (a failure is still a 503). */
  async prepare(workspaceId: string): Promise<void> {
    try {
      await this.feedOf(workspaceId);
    } catch (error) {
      this.logger.warn({ err: error }, 'A stream could not start');
      throw new ServiceUnavailableException(
        'Live updates are unavailable right now; retry shortly.',
      );
    }
  }

  /**
   * Opens a stream: what the client missed since `lastEventId` first (read from the table, so a
   * restart of this pod loses nothing), then every new entry as it commits.
   */
  async open(
    user: AuthenticatedUser,
    workspaceId: string,
    lastEventId: number | undefined,
    sink: StreamSink,
  ): Promise<Stream> {
    let feed: WorkspaceFeed;
    try {
      feed = await this.feedOf(workspaceId);
    } catch (error) {
      this.logger.warn({ err: error }, 'A stream could not start');
      sink.write(
        `event: end\ndata: ${JSON.stringify({ reason: 'the database is unavailable' })}\n\n`,
      );
      sink.end();
      return { user, workspaceId };
    }
    const stream: OpenStream = {
      user,
      workspaceId,
      sink,
      cursor: lastEventId ?? feed.last,
      held: lastEventId !== undefined && lastEventId < feed.last ? [] : null,
      closed: false,
    };
    // Everything up to `upTo` is in the table; anything newer arrives live (held meanwhile).
    const upTo = feed.last;
    feed.streams.add(stream);
    this.count(user.id, 1);
    sink.onClose(() => this.close(stream));
    if (stream.held) {
      try {
        await this.replay(stream, upTo);
      } catch (error) {
        this.logger.warn({ err: error }, 'A stream could not be replayed');
        this.close(stream, 'the database is unavailable');
        return stream;
      }
      const held = stream.held;
      stream.held = null;
      this.deliver(stream, held);
    }
    return stream;
  }

  private async replay(stream: OpenStream, upTo: number): Promise<void> {
    while (!stream.closed && stream.cursor < upTo) {
      const { rows } = await this.pool!.query<{ entry: Entry }>(
        `select to_jsonb(a) as entry from public.activities a
          where a.workspace_id = $1 and a.id > $2 and a.id <= $3
          order by a.id limit ${PAGE}`,
        [stream.workspaceId, stream.cursor, upTo],
      );
      // Straight to the client: live entries wait in `held` until the gap is closed.
      this.deliver(
        stream,
        rows.map((r) => r.entry),
      );
      if (rows.length < PAGE) break;
    }
  }

  /** A workspace's feed, started at its latest entry when its first stream opens. */
  private async feedOf(workspaceId: string): Promise<WorkspaceFeed> {
    const known = this.feeds.get(workspaceId);
    if (known) return known;
    const { rows } = await this.pool!.query<{ last: string }>(
      'select coalesce(max(id), 0) as last from public.activities where workspace_id = $1',
      [workspaceId],
    );
    // Another stream of the workspace may have started it meanwhile.
    let feed = this.feeds.get(workspaceId);
    if (!feed) {
      feed = { last: Number(rows[0].last), streams: new Set<OpenStream>() };
      this.feeds.set(workspaceId, feed);
      // A notification that came during the query found no feed: read once now.
      this.mark(workspaceId);
    }
    return feed;
  }

  private send(stream: OpenStream, entries: Entry[]): void {
    if (stream.closed) return;
    if (stream.held) {
      stream.held.push(...entries);
      return;
    }
    this.deliver(stream, entries);
  }

  /** Writes what the client has not seen yet, in id order, and moves its cursor on. */
  private deliver(stream: OpenStream, entries: Entry[]): void {
    if (stream.closed) return;
    for (const entry of entries) {
      if (entry.id <= stream.cursor) continue;
      stream.sink.write(
        `id: ${entry.id}\nevent: ${entry.kind}\ndata: ${JSON.stringify(entry)}\n\n`,
      );
      stream.cursor = entry.id;
    }
    // A client that does not read is cut off rather than held in memory.
    if (stream.sink.pending > this.config.maxBufferBytes) {
      this.close(stream, 'the client reads too slowly');
    }
  }

  private close(stream: OpenStream, reason?: string): void {
    if (stream.closed) return;
    stream.closed = true;
    this.count(stream.user.id, -1);
    const feed = this.feeds.get(stream.workspaceId);
    feed?.streams.delete(stream);
    if (feed && feed.streams.size === 0) this.feeds.delete(stream.workspaceId);
    if (reason) {
      try {
        stream.sink.write(
          `event: end\ndata: ${JSON.stringify({ reason })}\n\n`,
        );
      } catch {
        // the connection is gone already
      }
    }
    stream.sink.end();
  }

  private closeAll(reason: string): void {
    for (const feed of [...this.feeds.values()])
      for (const stream of [...feed.streams]) this.close(stream, reason);
  }

  private count(userId: string, delta: number): void {
    this.streamCount += delta;
    const now = (this.perUser.get(userId) ?? 0) + delta;
    if (now > 0) this.perUser.set(userId, now);
    else this.perUser.delete(userId);
  }

  // The database side -------------------------------------------------------------------------

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.config.databaseUrl,
      application_name: 'crm-events-listen',
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    const lost = () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      // Our own end at shutdown is no lost link.
      if (this.stopped) return;
      this.linkState = 'down';
      this.logger.warn(
        'The live-update link to the database is down; reconnecting',
      );
      void client.end().catch(() => undefined);
      setTimeout(() => void this.connect(), this.reconnectDelayMs).unref();
      this.reconnectDelayMs = Math.min(
        this.reconnectDelayMs * 2,
        RECONNECT_MAX_MS,
      );
    };
    this.listener = client;
    try {
      client.on('error', lost);
      client.on('end', lost);
      client.on('notification', ({ payload }) => {
        if (payload && this.feeds.has(payload)) this.mark(payload);
      });
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
      this.linkState = 'up';
      this.reconnectDelayMs = 500;
      this.logger.log('Live updates are listening');
      // Whatever committed while the link was down.
      this.markAll();
    } catch (error) {
      this.logger.warn({ err: error }, 'Live updates could not listen');
      lost();
    }
  }

  private mark(workspaceId: string): void {
    this.dirty.add(workspaceId);
    this.reading ??= this.readDirty().finally(() => {
      this.reading = undefined;
      // Marked while the read ran: read again.
      if (this.dirty.size > 0) this.mark([...this.dirty][0]);
    });
  }

  private markAll(): void {
    for (const workspaceId of this.feeds.keys()) this.mark(workspaceId);
  }

  /** New entries of every marked workspace, in one statement, handed to their streams. */
  private async readDirty(): Promise<void> {
    const ids = [...this.dirty].filter((id) => this.feeds.has(id));
    this.dirty.clear();
    if (ids.length === 0 || !this.pool) return;
    const lasts = ids.map((id) => this.feeds.get(id)!.last);
    let rows: { entry: Entry }[];
    try {
      ({ rows } = await this.pool.query<{ entry: Entry }>(
        `select to_jsonb(a) as entry
           from unnest($1::uuid[], $2::bigint[]) as w(workspace_id, last)
           cross join lateral (
             select * from public.activities a
              where a.workspace_id = w.workspace_id and a.id > w.last
              order by a.id limit ${PAGE}) a
          order by a.id`,
        [ids, lasts],
      ));
    } catch (error) {
      this.logger.warn(
        { err: error },
        'New timeline entries could not be read',
      );
      for (const id of ids) this.dirty.add(id);
      return;
    }
    const byWorkspace = new Map<string, Entry[]>();
    for (const { entry } of rows) {
      const list = byWorkspace.get(entry.workspace_id) ?? [];
      list.push(entry);
      byWorkspace.set(entry.workspace_id, list);
    }
    for (const [workspaceId, entries] of byWorkspace) {
      const feed = this.feeds.get(workspaceId);
      if (!feed) continue;
      feed.last = entries.at(-1)!.id;
      for (const stream of [...feed.streams]) this.send(stream, entries);
      // A full page: there is more.
      if (entries.length === PAGE) this.dirty.add(workspaceId);
    }
  }

  private heartbeat(): void {
    for (const feed of [...this.feeds.values()])
      for (const stream of [...feed.streams]) {
        if (stream.held) continue;
        stream.sink.write(': heartbeat\n\n');
        if (stream.sink.pending > this.config.maxBufferBytes)
          this.close(stream, 'the client reads too slowly');
      }
  }

  /**
   * Every stream's membership, in one statement for the pod; streams of removed members end,
   * and so do those whose access token has expired (the client reconnects with a fresh one).
   */
  private async recheckMembers(): Promise<void> {
    const streams = [...this.feeds.values()].flatMap((f) => [...f.streams]);
    const now = Date.now();
    for (const stream of streams)
      if (stream.user.expiresAt <= now)
        this.close(stream, 'the access token has expired');
    const live = streams.filter((s) => !s.closed);
    if (live.length === 0 || !this.pool) return;
    const pairs = [
      ...new Set(live.map((s) => `${s.workspaceId} ${s.user.id}`)),
    ];
    let members: Set<string>;
    try {
      const { rows } = await this.pool.query<{ pair: string }>(
        `select m.workspace_id || ' ' || m.user_id as pair
           from unnest($1::uuid[], $2::uuid[]) as p(workspace_id, user_id)
           join public.workspace_members m
             on m.workspace_id = p.workspace_id and m.user_id = p.user_id`,
        [pairs.map((p) => p.split(' ')[0]), pairs.map((p) => p.split(' ')[1])],
      );
      members = new Set(rows.map((r) => r.pair));
    } catch (error) {
      this.logger.warn(
        { err: error },
        'Stream memberships could not be checked',
      );
      return;
    }
    for (const stream of live)
      if (!members.has(`${stream.workspaceId} ${stream.user.id}`))
        this.close(stream, 'you are no longer a member of this workspace');
  }

  private every(ms: number, task: () => unknown): void {
    const timer = setInterval(() => void task(), ms);
    timer.unref();
    this.timers.push(timer);
  }
}
