import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { eventsConfig } from '../config/events.config';
import type { TimelineEntry } from './live-feed.repository';

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

export interface OpenStream extends Stream {
  sink: StreamSink;
  /** The last entry id written. */
  cursor: number;
  /** While a reconnect is replayed: live entries held back, in order. */
  held: TimelineEntry[] | null;
  closed: boolean;
}

export interface WorkspaceFeed {
  /** Every entry up to this id has been read (ids of a workspace commit in order). */
  last: number;
  streams: Set<OpenStream>;
}

/**
 * Every open stream of this pod, by workspace: what may open (the limits), what is open (the
 * counts), and how a stream ends (cut with a reason, or by its client). Heartbeats too.
 */
@Injectable()
export class StreamRegistry {
  private readonly feeds = new Map<string, WorkspaceFeed>();
  private streamCount = 0;
  private readonly perUser = new Map<string, number>();

  constructor(
    @Inject(eventsConfig.KEY)
    private readonly config: ConfigType<typeof eventsConfig>,
  ) {}

  get openStreams(): number {
    return this.streamCount;
  }

  /** Throws the HTTP error when the pod, or this user on it, holds as many streams as allowed. */
  admit(user: AuthenticatedUser): void {
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

  feed(workspaceId: string): WorkspaceFeed | undefined {
    return this.feeds.get(workspaceId);
  }

  /** The workspace's feed, started at `last` unless another stream started it first. */
  start(
    workspaceId: string,
    last: number,
  ): { feed: WorkspaceFeed; started: boolean } {
    const known = this.feeds.get(workspaceId);
    if (known) return { feed: known, started: false };
    const feed = { last, streams: new Set<OpenStream>() };
    this.feeds.set(workspaceId, feed);
    return { feed, started: true };
  }

  workspaceIds(): string[] {
    return [...this.feeds.keys()];
  }

  all(): OpenStream[] {
    return [...this.feeds.values()].flatMap((feed) => [...feed.streams]);
  }

  /** Adds the stream to its workspace's feed; it is counted until it ends. */
  add(feed: WorkspaceFeed, stream: OpenStream): void {
    feed.streams.add(stream);
    this.count(stream.user.id, 1);
    stream.sink.onClose(() => this.cut(stream));
  }

  /** Ends a stream, telling the client why when there is a reason (not when it left itself). */
  cut(stream: OpenStream, reason?: string): void {
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

  /** A client that does not read is cut off rather than held in memory. */
  cutIfSlow(stream: OpenStream): void {
    if (stream.sink.pending > this.config.maxBufferBytes)
      this.cut(stream, 'the client reads too slowly');
  }

  closeAll(reason: string): void {
    for (const stream of this.all()) this.cut(stream, reason);
  }

  /** A comment line on every stream that is not replaying, so proxies keep it open. */
  heartbeat(): void {
    for (const stream of this.all()) {
      if (stream.held) continue;
      stream.sink.write(': heartbeat\n\n');
      this.cutIfSlow(stream);
    }
  }

  private count(userId: string, delta: number): void {
    this.streamCount += delta;
    const now = (this.perUser.get(userId) ?? 0) + delta;
    if (now > 0) this.perUser.set(userId, now);
    else this.perUser.delete(userId);
  }
}
