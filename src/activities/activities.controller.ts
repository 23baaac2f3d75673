import {
  Body,
  Controller,
  Get,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiRoute } from '../docs/api-route.decorator';
import {
  JSON_BODY,
  MEMBER_WRITE,
  NOT_FOUND,
  VALIDATED,
} from '../docs/problem-presets';
import {
  CompanyParamsDto,
  CustomerParamsDto,
  DealParamsDto,
  WorkspaceParamsDto,
} from '../common/route-params.dto';
import { ActivitiesService } from './activities.service';
import { ActivityDto, ActivityPageDto } from './dto/activity.dto';
import {
  ActivityParamsDto,
  CreateActivityDto,
  ListActivitiesQueryDto,
  ListTasksQueryDto,
  UpdateActivityDto,
  WorkspaceActivitiesQueryDto,
} from './dto/activity-input.dto';

const NEWEST_FIRST =
  'Newest first; `meta.next_cursor` goes on to older entries. Entries the database records ' +
  '(created, updated with each field’s `from` and `to`, deleted, restored, stage_changed, ' +
  'assigned) sit beside the notes, calls, meetings, emails and tasks people add.';
const PAGE = {
  status: 200,
  description: 'A page of entries.',
  type: ActivityPageDto,
} as const;
const CREATED = {
  status: 201,
  description: 'The entry.',
  type: ActivityDto,
} as const;
const PERSON_ENTRY =
  'A note, call, meeting, email or task (tasks may carry `due_at` and an assignee).';

@ApiTags('timeline')
@Controller('workspaces/:workspaceId')
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Get('activities')
  @ApiRoute({
    operationId: 'listActivities',
    summary: 'The workspace feed',
    description: NEWEST_FIRST,
    success: PAGE,
    problems: { ...VALIDATED, ...NOT_FOUND.workspace },
  })
  feed(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId }: WorkspaceParamsDto,
    @Query() query: WorkspaceActivitiesQueryDto,
  ) {
    return this.activities.list(user, workspaceId, query);
  }

  @Get('customers/:id/activities')
  @ApiRoute({
    operationId: 'listCustomerActivities',
    summary: 'A customer’s timeline',
    description: `The customer’s entries and its deals’. ${NEWEST_FIRST}`,
    success: PAGE,
    problems: { ...VALIDATED, ...NOT_FOUND.customer },
  })
  ofCustomer(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, id }: CustomerParamsDto,
    @Query() query: ListActivitiesQueryDto,
  ) {
    return this.activities.list(user, workspaceId, {
      ...query,
      customer_id: id,
    });
  }

  @Get('deals/:dealId/activities')
  @ApiRoute({
    operationId: 'listDealActivities',
    summary: 'A deal’s timeline',
    description: NEWEST_FIRST,
    success: PAGE,
    problems: { ...VALIDATED, ...NOT_FOUND.deal },
  })
  ofDeal(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, dealId }: DealParamsDto,
    @Query() query: ListActivitiesQueryDto,
  ) {
    return this.activities.list(user, workspaceId, {
      ...query,
      deal_id: dealId,
    });
  }

  @Get('companies/:id/activities')
  @ApiRoute({
    operationId: 'listCompanyActivities',
    summary: 'A company’s timeline',
    description: `The company’s own entries, its current people’s and its deals’. ${NEWEST_FIRST}`,
    success: PAGE,
    problems: { ...VALIDATED, ...NOT_FOUND.company },
  })
  ofCompany(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, id }: CompanyParamsDto,
    @Query() query: ListActivitiesQueryDto,
  ) {
    return this.activities.list(user, workspaceId, {
      ...query,
      company_id: id,
    });
  }

  @Post('customers/:id/activities')
  @ApiRoute({
    operationId: 'addCustomerActivity',
    summary: 'Add to a customer’s timeline',
    description: PERSON_ENTRY,
    success: CREATED,
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      ...MEMBER_WRITE,
      ...NOT_FOUND.customer,
      422: 'A kind the database writes, task fields on another kind, or an assignee who is not a member.',
    },
  })
  addToCustomer(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, id }: CustomerParamsDto,
    @Body() body: CreateActivityDto,
  ) {
    return this.activities.create(user, workspaceId, { customer_id: id }, body);
  }

  @Post('deals/:dealId/activities')
  @ApiRoute({
    operationId: 'addDealActivity',
    summary: 'Add to a deal’s timeline',
    description: PERSON_ENTRY,
    success: CREATED,
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      ...MEMBER_WRITE,
      ...NOT_FOUND.deal,
      422: 'Task fields on another kind, or an assignee who is not a member.',
    },
  })
  addToDeal(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, dealId }: DealParamsDto,
    @Body() body: CreateActivityDto,
  ) {
    return this.activities.create(user, workspaceId, { deal_id: dealId }, body);
  }

  @Post('companies/:id/activities')
  @ApiRoute({
    operationId: 'addCompanyActivity',
    summary: 'Add to a company’s timeline',
    description: PERSON_ENTRY,
    success: CREATED,
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      ...MEMBER_WRITE,
      ...NOT_FOUND.liveCompany,
      422: 'Task fields on another kind, or an assignee who is not a member.',
    },
  })
  addToCompany(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, id }: CompanyParamsDto,
    @Body() body: CreateActivityDto,
  ) {
    return this.activities.create(user, workspaceId, { company_id: id }, body);
  }

  @Patch('activities/:activityId')
  @ApiRoute({
    operationId: 'updateActivity',
    summary: 'Change or complete an entry',
    description:
      'Its author changes the text, due date and assignee; the author or the assignee completes a task (`completed`). Entries the database records never change.',
    success: { status: 200, description: 'The entry.', type: ActivityDto },
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      403: 'A viewer; an entry the database recorded; someone else’s entry.',
      ...NOT_FOUND.entry,
      422: 'An assignee who is not a member.',
    },
  })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, activityId }: ActivityParamsDto,
    @Body() body: UpdateActivityDto,
  ) {
    return this.activities.update(user, workspaceId, Number(activityId), body);
  }

  @Get('tasks')
  @ApiRoute({
    operationId: 'listTasks',
    summary: 'Tasks',
    description:
      'By due date (undated last), then as added. `assignee=me` for your own.',
    success: PAGE,
    problems: { ...VALIDATED, ...NOT_FOUND.workspace },
  })
  tasks(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId }: WorkspaceParamsDto,
    @Query() query: ListTasksQueryDto,
  ) {
    return this.activities.tasks(user, workspaceId, query);
  }
}
