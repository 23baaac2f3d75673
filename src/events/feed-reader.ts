import { Injectable, Logger } from '@nestjs/common';
import { LiveFeedRepository, type TimelineEntry } from './live-feed.repository';
import {
  type OpenStream,
  StreamRegistry,
  type WorkspaceFeed,
} from './stream-registry';

/** Entries read per workspace and statement. */
export const PAGE = 500;

/**
 * The live stream's reads, and what they hand to the streams: where a workspace's feed starts, a
 * reconnect's replay, the new entries of every marked workspace in one statement, and the
 * membership recheck of every open stream in one statement.
 */
@Injectable()
export class FeedReader {
  private readonly logger = new Logger('Events');

  constructor(
    private readonly repository: LiveFeedRepository,
    private readonly streams: StreamRegistry,
  ) {}

  /** A workspace's feed, started at its latest entry when its first stream opens. */
  async feedOf(
    workspaceId: string,
  ): Promise<{ feed: WorkspaceFeed; started: boolean }> {
    const known = this.streams.feed(workspaceId);
    if (known) return { feed: known, started: false };
    const last = await this.repository.lastEntryId(workspaceId);
    // Another stream of the workspace may have started it meanwhile.
    return this.streams.start(workspaceId, last);
  }

  /** Sends the stream what it missed up to `upTo`, page by page, straight from the table. */
  async replay(stream: OpenStream, upTo: number): Promise<void> {
    while (!stream.closed && stream.cursor < upTo) {
      const entries = await this.repository.entriesBetween(
        stream.workspaceId,
        stream.cursor,
        upTo,
        PAGE,
      );
      // Straight to the client: live entries wait in `held` until the gap is closed.
      this.deliver(stream, entries);
      if (entries.length < PAGE) break;
    }
  }

  /**
   * New entries of these workspaces, in one statement, handed to their streams. Returns the
   * workspaces that filled a page (there is more to read); throws when the read fails.
   */
  async readNew(workspaceIds: string[]): Promise<string[]> {
    const lasts = workspaceIds.map((id) => this.streams.feed(id)!.last);
    const entries = await this.repository.entriesAfter(
      workspaceIds,
      lasts,
      PAGE,
    );
    const byWorkspace = new Map<string, TimelineEntry[]>();
    for (const entry of entries) {
      const list = byWorkspace.get(entry.workspace_id) ?? [];
      list.push(entry);
      byWorkspace.set(entry.workspace_id, list);
    }
    const more: string[] = [];
    for (const [workspaceId, news] of byWorkspace) {
      const feed = this.streams.feed(workspaceId);
      if (!feed) continue;
      feed.last = news.at(-1)!.id;
      for (const stream of [...feed.streams]) this.send(stream, news);
      if (news.length === PAGE) more.push(workspaceId);
    }
    return more;
  }

  /** Writes what the client has not seen yet, in id order, and moves its cursor on. */
  deliver(stream: OpenStream, entries: TimelineEntry[]): void {
    if (stream.closed) return;
    for (const entry of entries) {
      if (entry.id <= stream.cursor) continue;
      stream.sink.write(
        `id: ${entry.id}\nevent: ${entry.kind}\ndata: ${JSON.stringify(entry)}\n\n`,
      );
      stream.cursor = entry.id;
    }
    this.streams.cutIfSlow(stream);
  }

  /**
   * Every stream's membership, in one statement for the pod; streams of removed members end,
   * and so do those whose access token has expired (the client reconnects with a fresh one).
   */
  async recheckMembers(): Promise<void> {
    const streams = this.streams.all();
    const now = Date.now();
    for (const stream of streams)
      if (stream.user.expiresAt <= now)
        this.streams.cut(stream, 'the access token has expired');
    const live = streams.filter((s) => !s.closed);
    if (live.length === 0) return;
    const pairs = [
      ...new Map(
        live.map((s) => [
          `${s.workspaceId} ${s.user.id}`,
          [s.workspaceId, s.user.id],
        ]),
      ).values(),
    ];
    let members: Set<string>;
    try {
      const rows = await this.repository.memberships(
        pairs.map(([workspaceId]) => workspaceId),
        pairs.map(([, userId]) => userId),
      );
      members = new Set(rows.map((m) => `${m.workspace_id} ${m.user_id}`));
    } catch (error) {
      this.logger.warn(
        { err: error },
        'Stream memberships could not be checked',
      );
      return;
    }
    for (const stream of live)
      if (!members.has(`${stream.workspaceId} ${stream.user.id}`))
        this.streams.cut(
          stream,
          'you are no longer a member of this workspace',
        );
  }

  /** Live entries: held back while the stream replays, written otherwise. */
  private send(stream: OpenStream, entries: TimelineEntry[]): void {
    if (stream.closed) return;
    if (stream.held) {
      stream.held.push(...entries);
      return;
    }
    this.deliver(stream, entries);
  }
}
