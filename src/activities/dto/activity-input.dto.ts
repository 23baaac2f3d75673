import {
  BooleanBody,
  DateTimeBody,
  EnumBody,
  TextBody,
  UuidBody,
} from '../../common/body-fields';
import { SerialParam } from '../../common/param-fields';
import {
  DateTimeQuery,
  EnumListQuery,
  EnumQuery,
  TextQuery,
  UuidQuery,
} from '../../common/query-fields';
import { CursorQuery } from '../../common/list-query.dto';
import { WorkspaceParamsDto } from '../../common/route-params.dto';
import {
  ACTIVITY_KINDS,
  ACTIVITY_LIMITS,
  PERSON_KINDS,
  type PersonKind,
} from '../activity.constants';

export class CreateActivityDto {
  @EnumBody('kind', PERSON_KINDS) kind!: PersonKind;

  @TextBody({
    min: 1,
    max: ACTIVITY_LIMITS.body,
    example: 'Called Ada: wants a quote for 40 seats by Friday.',
  })
  body!: string;

  @DateTimeBody('due_at', {
    required: false,
    nullable: true,
    description: 'Tasks only.',
  })
  due_at?: string | null;

  @UuidBody('assignee', {
    required: false,
    nullable: true,
    description: 'Tasks only: a member of the workspace.',
  })
  assignee_id?: string | null;
}

export class UpdateActivityDto {
  @TextBody({ min: 1, max: ACTIVITY_LIMITS.body, required: false })
  body?: string;

  @DateTimeBody('due_at', { required: false, nullable: true })
  due_at?: string | null;

  @UuidBody('assignee', { required: false, nullable: true })
  assignee_id?: string | null;

  @BooleanBody('completed', {
    required: false,
    description:
      'Tasks: true completes it (the database stamps when), false reopens it.',
  })
  completed?: boolean;
}

export class ListActivitiesQueryDto extends CursorQuery('activities') {
  @EnumListQuery('kind', ACTIVITY_KINDS, 'Only entries of these kinds.')
  kind?: string;

  @UuidQuery('actor', 'Only entries by this user.') actor_id?: string;

  @DateTimeQuery('from', 'Only entries at or after this time.')
  from?: string;

  @DateTimeQuery('to', 'Only entries at or before this time.')
  to?: string;
}

export class WorkspaceActivitiesQueryDto extends ListActivitiesQueryDto {
  @UuidQuery('customer', 'Only entries about this customer (or its deals).')
  customer_id?: string;

  @UuidQuery('deal', 'Only entries about this deal.') deal_id?: string;

  @UuidQuery(
    'company',
    'Only entries about this company, its current people or its deals (with `customer_id`: the entries in both timelines).',
  )
  company_id?: string;
}

export const TASK_STATUSES = ['open', 'done'] as const;

export class ListTasksQueryDto extends CursorQuery('activities') {
  @TextQuery({
    min: 2,
    max: 36,
    description: '`me`, or a member’s user id.',
  })
  assignee?: string;

  @EnumQuery('status', TASK_STATUSES, { description: 'Open or done.' })
  status?: (typeof TASK_STATUSES)[number];

  @DateTimeQuery('due_before', 'Only tasks due before this time.')
  due_before?: string;
}

export class ActivityParamsDto extends WorkspaceParamsDto {
  @SerialParam('activity') activityId!: string;
}
