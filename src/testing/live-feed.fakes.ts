import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { TimelineEntry } from '../events/live-feed.repository';
import type { StreamSink } from '../events/stream-registry';

// What the live feed talks to, faked for its unit specs: the tables it reads, the LISTEN
// connection, and a client's response.

type Entry = TimelineEntry;

/** The tables the feed reads, behind the repository's methods; assertions are on the streams. */
export class FakeDatabase {
  readonly entries: Entry[] = [];
  /** `${workspaceId} ${userId}` of every membership. */
  readonly members = new Set<string>();
  private readonly replayedPages = new Set<string>();
  down = false;
  /** While set, a replay's read waits for it (live entries may commit meanwhile). */
  replayGate: Promise<void> | undefined;

  readonly repository = {
    lastEntryId: jest.fn((workspaceId: string) =>
      this.answer(() => {
        const ids = this.entries
          .filter((e) => e.workspace_id === workspaceId)
          .map((e) => e.id);
        return Math.max(0, ...ids);
      }),
    ),
    entriesBetween: jest.fn(
      async (
        workspaceId: string,
        after: number,
        upTo: number,
        limit: number,
      ) => {
        if (this.down) throw new Error('connection refused');
        if (this.replayGate) await this.replayGate;
        // A replay that reads the same page again would never end.
        const page = JSON.stringify([workspaceId, after, upTo]);
        if (this.replayedPages.has(page))
          throw new Error(`read again: ${page}`);
        this.replayedPages.add(page);
        return this.sorted(
          (e) => e.workspace_id === workspaceId && e.id > after && e.id <= upTo,
        ).slice(0, limit);
      },
    ),
    entriesAfter: jest.fn(
      (workspaceIds: string[], lasts: number[], limit: number) =>
        this.answer(() =>
          workspaceIds
            .flatMap((workspaceId, i) =>
              this.sorted(
                (e) => e.workspace_id === workspaceId && e.id > lasts[i],
              ).slice(0, limit),
            )
            .sort((a, b) => a.id - b.id),
        ),
    ),
    memberships: jest.fn((workspaceIds: string[], userIds: string[]) =>
      this.answer(() =>
        workspaceIds
          .map((workspace_id, i) => ({ workspace_id, user_id: userIds[i] }))
          .filter((m) => this.members.has(`${m.workspace_id} ${m.user_id}`)),
      ),
    ),
  };

  add(workspaceId: string, id: number): Entry {
    const entry = { id, workspace_id: workspaceId, kind: 'note' };
    this.entries.push(entry);
    return entry;
  }

  join(workspaceId: string, ...users: AuthenticatedUser[]): void {
    for (const { id } of users) this.members.add(`${workspaceId} ${id}`);
  }

  private answer<T>(read: () => T): Promise<T> {
    return this.down
      ? Promise.reject(new Error('connection refused'))
      : Promise.resolve(read());
  }

  private sorted(keep: (e: Entry) => boolean): Entry[] {
    return this.entries.filter(keep).sort((a, b) => a.id - b.id);
  }
}

/** The LISTEN connection: connects when told to, and lets a test deliver a notification. */
export class FakeListener {
  private readonly handlers = new Map<string, (message: unknown) => void>();
  readonly connect = jest.fn(() => Promise.resolve());
  readonly query = jest.fn(() => Promise.resolve({ rows: [] }));
  // As pg's client: ending it emits 'end'.
  readonly end = jest.fn(() => {
    this.handlers.get('end')?.(undefined);
    return Promise.resolve();
  });

  on(event: string, handler: (message: unknown) => void): this {
    this.handlers.set(event, handler);
    return this;
  }

  notify(workspaceId: string): void {
    this.handlers.get('notification')?.({
      channel: 'crm_activities',
      payload: workspaceId,
    });
  }
}

/** A client's response: records what it was sent; `pending` is what it has not read yet. */
export class FakeSink implements StreamSink {
  readonly chunks: string[] = [];
  ended = false;
  pending = 0;
  private readonly closeListeners: (() => void)[] = [];

  write(chunk: string): void {
    this.chunks.push(chunk);
  }

  end(): void {
    this.ended = true;
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  /** The client goes away. */
  disconnect(): void {
    for (const listener of this.closeListeners) listener();
  }

  get ids(): number[] {
    return this.chunks
      .filter((c) => c.startsWith('id: '))
      .map((c) => Number(/^id: (\d+)/.exec(c)![1]));
  }

  /** The reason given by the `end` event, if one was sent. */
  get endReason(): string | undefined {
    const end = this.chunks.find((c) => c.startsWith('event: end\n'));
    if (!end) return undefined;
    return (
      JSON.parse(end.slice(end.indexOf('data: ') + 6)) as {
        reason: string;
      }
    ).reason;
  }
}
