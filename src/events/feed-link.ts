import { Injectable, Logger } from '@nestjs/common';
import {
  type LinkState,
  PostgresListener,
} from '../database/postgres-listener';
import { FeedReader } from './feed-reader';
import { StreamRegistry } from './stream-registry';

/** What the timeline's insert trigger notifies, with the workspace id as payload. */
const CHANNEL = 'crm_activities';

/**
 * How the pod learns that a workspace has new entries: a notification on the LISTEN link (owned
 * by database/), a restart of the link, or the safety poll mark the workspace dirty; one read at
 * a time then serves every marked workspace, so statements follow the workspaces with news,
 * never the number of streams.
 */
@Injectable()
export class FeedLink {
  private readonly logger = new Logger('Events');
  private readonly dirty = new Set<string>();
  private reading: Promise<void> | undefined;

  constructor(
    private readonly listener: PostgresListener,
    private readonly reader: FeedReader,
    private readonly streams: StreamRegistry,
  ) {
    listener.listen(CHANNEL, {
      notified: (workspaceId) => {
        if (this.streams.feed(workspaceId)) this.mark(workspaceId);
      },
      listening: () => {
        this.logger.log('Live updates are listening');
        // Whatever committed while the link was down.
        this.markAll();
      },
    });
  }

  get state(): LinkState {
    return this.listener.state;
  }

  mark(workspaceId: string): void {
    this.dirty.add(workspaceId);
    this.reading ??= this.readDirty().finally(() => {
      this.reading = undefined;
      // Marked while the read ran: read again.
      if (this.dirty.size > 0) this.mark([...this.dirty][0]);
    });
  }

  /** Every workspace with an open stream: after the link was down, and by the safety poll. */
  markAll(): void {
    for (const workspaceId of this.streams.workspaceIds())
      this.mark(workspaceId);
  }

  private async readDirty(): Promise<void> {
    const ids = [...this.dirty].filter((id) => this.streams.feed(id));
    this.dirty.clear();
    if (ids.length === 0) return;
    try {
      for (const id of await this.reader.readNew(ids)) this.dirty.add(id);
    } catch (error) {
      this.logger.warn(
        { err: error },
        'New timeline entries could not be read',
      );
      for (const id of ids) this.dirty.add(id);
    }
  }
}
