import {
  BadRequestException,
  ForbiddenException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ListCursorCodec } from '../common/list-cursor';
import { cursorPage, cursorWindow } from '../common/list-page';
import { requireChanges } from '../common/require-changes';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { ActivitiesRepository } from './activities.repository';
import type { ActivityKind } from './activity.constants';
import type { ActivityDto, ActivityPageDto } from './dto/activity.dto';
import type {
  CreateActivityDto,
  ListTasksQueryDto,
  UpdateActivityDto,
  WorkspaceActivitiesQueryDto,
} from './dto/activity-input.dto';

const noSuchEntry = () =>
  new NotFoundException('No such entry in this workspace.');

/** The timeline: what the database recorded, and what people add. The database decides who may. */
@Injectable()
export class ActivitiesService {
  constructor(
    private readonly activities: ActivitiesRepository,
    private readonly workspaces: WorkspacesService,
    private readonly cursors: ListCursorCodec,
  ) {}

  /**
   * The workspace feed, or one customer's (with its deals), one deal's or one company's (with
   * its people and deals) timeline.
   */
  async list(
    user: AuthenticatedUser,
    workspaceId: string,
    params: WorkspaceActivitiesQueryDto,
  ): Promise<ActivityPageDto> {
    const { cursor, limit, ...filters } = params;
    const window = cursorWindow('activities', { limit });
    if (
      filters.from &&
      filters.to &&
      Date.parse(filters.from) > Date.parse(filters.to)
    ) {
      throw new BadRequestException('from is after to');
    }
    const listing = { list: 'activities', workspaceId, ...filters };
    const after = cursor ? this.cursors.decode(cursor, listing) : undefined;
    const page = await this.activities.list(user, workspaceId, {
      customerId: filters.customer_id,
      dealId: filters.deal_id,
      companyId: filters.company_id,
      kinds: filters.kind?.split(',') as ActivityKind[] | undefined,
      actorId: filters.actor_id,
      from: filters.from,
      to: filters.to,
      beforeId: after ? Number(after.id) : undefined,
      limit: window.limit,
    });
    return cursorPage(page, window, (last) =>
      this.cursors.encode({ value: '', id: String(last.id) }, listing),
    );
  }

  async tasks(
    user: AuthenticatedUser,
    workspaceId: string,
    params: ListTasksQueryDto,
  ): Promise<ActivityPageDto> {
    const { cursor, limit, assignee, status, due_before } = params;
    const window = cursorWindow('activities', { limit });
    let assigneeId: string | undefined;
    if (assignee === 'me') assigneeId = user.id;
    else if (assignee !== undefined) {
      if (!isUUID(assignee)) {
        throw new BadRequestException('assignee must be me or a user id');
      }
      assigneeId = assignee;
    }
    const listing = {
      list: 'tasks',
      workspaceId,
      assigneeId,
      status,
      due_before,
    };
    const after = cursor ? this.cursors.decode(cursor, listing) : undefined;
    const page = await this.activities.tasks(user, workspaceId, {
      assigneeId,
      done: status === undefined ? undefined : status === 'done',
      dueBefore: due_before,
      after: after && {
        due: after.value === '' ? null : after.value,
        id: Number(after.id),
      },
      limit: window.limit,
    });
    return cursorPage(page, window, (last) =>
      this.cursors.encode(
        { value: last.due_at ?? '', id: String(last.id) },
        listing,
      ),
    );
  }

  async create(
    user: AuthenticatedUser,
    workspaceId: string,
    about:
      { customer_id: string } | { deal_id: string } | { company_id: string },
    entry: CreateActivityDto,
  ): Promise<ActivityDto> {
    if (
      entry.kind !== 'task' &&
      (entry.due_at != null || entry.assignee_id != null)
    ) {
      throw new UnprocessableEntityException(
        'due_at and assignee_id belong to tasks only',
      );
    }
    try {
      return await this.activities.create(user, workspaceId, {
        ...about,
        ...entry,
      });
    } catch (error) {
      // A viewer's insert meets the policy (403), a stranger's too: say which.
      if (error instanceof ForbiddenException)
        throw await this.workspaces.whyNothingMatched(
          user,
          workspaceId,
          'member',
          () => error,
        );
      throw error;
    }
  }

  async update(
    user: AuthenticatedUser,
    workspaceId: string,
    activityId: number,
    changes: UpdateActivityDto,
  ): Promise<ActivityDto> {
    requireChanges(changes);
    const { completed, ...fields } = changes;
    const updated = await this.activities.update(
      user,
      workspaceId,
      activityId,
      {
        ...fields,
        ...(completed === undefined
          ? {}
          : { completed_at: completed ? new Date().toISOString() : null }),
      },
    );
    if (updated) return updated;
    const entry = await this.activities.get(user, workspaceId, activityId);
    if (entry) {
      await this.workspaces.requireRole(user, workspaceId, 'member');
      throw new ForbiddenException(
        entry.body === null
          ? 'entries the database records cannot be changed'
          : 'only its author changes an entry; its assignee may complete a task',
      );
    }
    throw await this.workspaces.whyNothingMatched(
      user,
      workspaceId,
      'member',
      noSuchEntry,
    );
  }
}
