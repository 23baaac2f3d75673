import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { CursorResult } from '../common/list-page';
import { unwrap } from '../database/database-error';
import { SupabaseClientFactory } from '../database/supabase-client.factory';
import type { ActivityKind, PersonKind } from './activity.constants';
import type { ActivityDto } from './dto/activity.dto';

export interface ActivityQuery {
  customerId?: string;
  dealId?: string;
  companyId?: string;
  kinds?: ActivityKind[];
  actorId?: string;
  from?: string;
  to?: string;
  beforeId?: number;
  limit: number;
}

export interface TaskQuery {
  assigneeId?: string;
  done?: boolean;
  dueBefore?: string;
  after?: { due: string | null; id: number };
  limit: number;
}

export type ActivityPage = CursorResult<ActivityDto>;

/** The only code that builds data API queries for the timeline. Every one runs as the caller. */
@Injectable()
export class ActivitiesRepository {
  constructor(private readonly clients: SupabaseClientFactory) {}

  private db(user: AuthenticatedUser) {
    return this.clients.forUser(user.accessToken);
  }

  async list(
    user: AuthenticatedUser,
    workspaceId: string,
    query: ActivityQuery,
  ): Promise<ActivityPage> {
    return unwrap(
      await this.db(user).rpc('list_activities', {
        p_workspace_id: workspaceId,
        p_customer_id: query.customerId,
        p_deal_id: query.dealId,
        p_company_id: query.companyId,
        p_kinds: query.kinds,
        p_actor_id: query.actorId,
        p_from: query.from,
        p_to: query.to,
        p_before_id: query.beforeId,
        p_limit: query.limit,
      }),
    );
  }

  async tasks(
    user: AuthenticatedUser,
    workspaceId: string,
    query: TaskQuery,
  ): Promise<ActivityPage> {
    return unwrap(
      await this.db(user).rpc('list_tasks', {
        p_workspace_id: workspaceId,
        p_assignee_id: query.assigneeId,
        p_done: query.done,
        p_due_before: query.dueBefore,
        p_after_due: query.after?.due ?? undefined,
        p_after_undated: query.after ? query.after.due === null : undefined,
        p_after_id: query.after?.id,
        p_limit: query.limit,
      }),
    );
  }

  async create(
    user: AuthenticatedUser,
    workspaceId: string,
    entry: {
      kind: PersonKind;
      body: string;
      due_at?: string | null;
      assignee_id?: string | null;
      customer_id?: string;
      deal_id?: string;
      company_id?: string;
    },
  ): Promise<ActivityDto> {
    return unwrap(
      await this.db(user)
        .from('activities')
        // The database hands out the id (no default: see the migration).
        .insert({ ...entry, workspace_id: workspaceId } as never)
        .select('*')
        .single(),
    );
  }

  /** Null when no entry of the workspace the caller may change matched. */
  async update(
    user: AuthenticatedUser,
    workspaceId: string,
    activityId: number,
    changes: {
      body?: string;
      due_at?: string | null;
      assignee_id?: string | null;
      completed_at?: string | null;
    },
  ): Promise<ActivityDto | null> {
    return unwrap(
      await this.db(user)
        .from('activities')
        .update(changes)
        .eq('workspace_id', workspaceId)
        .eq('id', activityId)
        .select('*')
        .maybeSingle(),
    );
  }

  async get(
    user: AuthenticatedUser,
    workspaceId: string,
    activityId: number,
  ): Promise<ActivityDto | null> {
    return unwrap(
      await this.db(user)
        .from('activities')
        .select('*')
        .eq('workspace_id', workspaceId)
        .eq('id', activityId)
        .maybeSingle(),
    );
  }
}
