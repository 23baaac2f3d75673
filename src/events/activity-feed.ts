import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { eventsConfig } from '../config/events.config';
import type { LinkState } from '../database/postgres-listener';
import { ShutdownState } from '../lifecycle/shutdown.state';
import { FeedLink } from './feed-link';
import { FeedReader } from './feed-reader';
import {
  type OpenStream,
  type Stream,
  StreamRegistry,
  type StreamSink,
  type WorkspaceFeed,
} from './stream-registry';

/**
 * Live timeline entries for every open stream of this pod: what the controller and health use.
 * The link learns that a workspace has news (feed-link.ts), the reader reads it once for all of
 * that workspace's streams (feed-reader.ts), the registry holds the streams (stream-registry.ts);
 * this class admits and opens streams and keeps the timers that poll, beat and recheck.
 */
@Injectable()
export class ActivityFeed implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Events');
  private stopped = false;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    @Inject(eventsConfig.KEY)
    private readonly config: ConfigType<typeof eventsConfig>,
    shutdown: ShutdownState,
    private readonly streams: StreamRegistry,
    private readonly reader: FeedReader,
    private readonly feedLink: FeedLink,
  ) {
    // Streams end when draining begins, so clients reconnect to pods that stay.
    shutdown.onShuttingDown(() =>
      this.streams.closeAll('the server is restarting'),
    );
  }

  get link(): LinkState {
    return this.feedLink.state;
  }

  get openStreams(): number {
    return this.streams.openStreams;
  }

  /** The link's first attempt ran in database/ before this: the timers start with it. */
  onModuleInit(): void {
    if (this.feedLink.state === 'off') return;
    // A safety read of every open workspace, for a notification lost with a dropped link.
    this.every(this.config.pollMs, () => this.feedLink.markAll());
    this.every(this.config.heartbeatMs, () => this.streams.heartbeat());
    this.every(this.config.membershipCheckMs, () =>
      this.reader.recheckMembers(),
    );
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    this.streams.closeAll('the server is stopping');
  }

  /**
   * Checks that a stream may open (limits, the database link); throws the HTTP error otherwise.
   * Nothing is written yet, so the caller may still answer with an error.
   */
  admit(user: AuthenticatedUser): void {
    if (this.stopped || this.feedLink.state === 'off') {
      throw new ServiceUnavailableException(
        'Live updates are not available on this server.',
      );
    }
    if (this.feedLink.state !== 'up') {
      throw new ServiceUnavailableException(
        'Live updates are unavailable right now; retry shortly.',
      );
    }
    this.streams.admit(user);
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
    this.streams.add(feed, stream);
    if (stream.held) {
      try {
        await this.reader.replay(stream, upTo);
      } catch (error) {
        this.logger.warn({ err: error }, 'A stream could not be replayed');
        this.streams.cut(stream, 'the database is unavailable');
        return stream;
      }
      const held = stream.held;
      stream.held = null;
      this.reader.deliver(stream, held);
    }
    return stream;
  }

  private async feedOf(workspaceId: string): Promise<WorkspaceFeed> {
    const { feed, started } = await this.reader.feedOf(workspaceId);
    // A notification that came during the first read found no feed: read once now.
    if (started) this.feedLink.mark(workspaceId);
    return feed;
  }

  private every(ms: number, task: () => unknown): void {
    const timer = setInterval(() => void task(), ms);
    timer.unref();
    this.timers.push(timer);
  }
}
