import { Injectable } from '@nestjs/common';
import { PostgresPool } from '../database/postgres-pool';

/**
 * A timeline entry as the database serialises it (the same JSON the REST lists answer): the
 * stream sends it whole; these are the fields it reads.
 */
export interface TimelineEntry {
  id: number;
  workspace_id: string;
  kind: string;
}

/** A (workspace, user) pair that is a membership. */
export interface Membership {
  workspace_id: string;
  user_id: string;
}

/**
 * Every statement of the live stream, as the role crm_live_feed (DATABASE_URL): it may read the
 * timeline and the memberships' two ids, nothing else (supabase/migrations/*_live_feed_role.sql).
 */
@Injectable()
export class LiveFeedRepository {
  constructor(private readonly db: PostgresPool) {}

  /** The newest entry id of the workspace, 0 when it has none. */
  async lastEntryId(workspaceId: string): Promise<number> {
    const [row] = await this.db.query<{ last: string }>(
      'select coalesce(max(id), 0) as last from public.activities where workspace_id = $1',
      [workspaceId],
    );
    return Number(row.last);
  }

  /** The workspace's entries after `after` up to `upTo`, oldest first, at most `limit`. */
  async entriesBetween(
    workspaceId: string,
    after: number,
    upTo: number,
    limit: number,
  ): Promise<TimelineEntry[]> {
    const rows = await this.db.query<{ entry: TimelineEntry }>(
      `select to_jsonb(a) as entry from public.activities a
        where a.workspace_id = $1 and a.id > $2 and a.id <= $3
        order by a.id limit $4`,
      [workspaceId, after, upTo, limit],
    );
    return rows.map((r) => r.entry);
  }

  /**
   * Entries after `lasts[i]` of each `workspaceIds[i]`, at most `limit` per workspace, in id order:
   * one statement for every workspace with news.
   */
  async entriesAfter(
    workspaceIds: string[],
    lasts: number[],
    limit: number,
  ): Promise<TimelineEntry[]> {
    const rows = await this.db.query<{ entry: TimelineEntry }>(
      `select to_jsonb(a) as entry
         from unnest($1::uuid[], $2::bigint[]) as w(workspace_id, last)
         cross join lateral (
           select * from public.activities a
            where a.workspace_id = w.workspace_id and a.id > w.last
            order by a.id limit $3) a
        order by a.id`,
      [workspaceIds, lasts, limit],
    );
    return rows.map((r) => r.entry);
  }

  /** Which of the pairs (`workspaceIds[i]`, `userIds[i]`) are memberships. */
  memberships(
    workspaceIds: string[],
    userIds: string[],
  ): Promise<Membership[]> {
    return this.db.query<Membership>(
      `select m.workspace_id, m.user_id
         from unnest($1::uuid[], $2::uuid[]) as p(workspace_id, user_id)
         join public.workspace_members m
           on m.workspace_id = p.workspace_id and m.user_id = p.user_id`,
      [workspaceIds, userIds],
    );
  }
}
