import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ListCursorCodec } from '../common/list-cursor';
import { listPage, listWindow } from '../common/list-page';
import { WorkspacesService } from '../workspaces/workspaces.service';
import type { DealDto, DealPageDto } from './dto/pipeline.dto';
import type {
  CreateDealDto,
  ListDealsQueryDto,
  MoveDealDto,
  UpdateDealDto,
} from './dto/pipeline-input.dto';
import { type DealListQuery, DealsRepository } from './deals.repository';
import { PipelinesRepository } from './pipelines.repository';
import { requireChanges } from '../common/require-changes';

const noSuchDeal = () =>
  new NotFoundException('No such deal in this workspace.');
const noSuchCustomer = () =>
  new NotFoundException('No such customer in this workspace.');
/** A stage or pipeline the caller named is not in the workspace (when the caller may look). */
const notInWorkspace = (detail: string) => () =>
  new UnprocessableEntityException(detail);

/** Deals: lists, the card itself, moves. The database decides who may, and keeps the order. */
@Injectable()
export class DealsService {
  constructor(
    private readonly deals: DealsRepository,
    private readonly pipelines: PipelinesRepository,
    private readonly workspaces: WorkspacesService,
    private readonly cursors: ListCursorCodec,
  ) {}

  /**
   * A page of the workspace's deals, or of one customer's: a customer named in the path must be
   * the workspace's (404 otherwise, as its timeline answers), while the same id as a filter only
   * narrows the list.
   */
  async list(
    user: AuthenticatedUser,
    workspaceId: string,
    params: ListDealsQueryDto,
    customerId?: string,
  ): Promise<DealPageDto> {
    const { page, cursor, limit, sort = '-created_at', ...filters } = params;
    const window = listWindow<DealListQuery['sortColumn']>('deals', {
      page,
      cursor,
      limit,
      sort,
    });
    const { sortColumn, descending, offset, pageMode } = window;
    if (
      filters.amount_min !== undefined &&
      filters.amount_max !== undefined &&
      filters.amount_min > filters.amount_max
    ) {
      throw new BadRequestException('amount_min is over amount_max');
    }
    const listing = {
      list: 'deals',
      workspaceId,
      customerId,
      ...filters,
      sort,
    };
    const result = await this.deals.listDeals(user, workspaceId, {
      pipelineId: filters.pipeline_id,
      stageId: filters.stage_id,
      assigneeId: filters.assignee_id,
      customerId: customerId ?? filters.customer_id,
      amountMin: filters.amount_min,
      amountMax: filters.amount_max,
      closeFrom: filters.close_from,
      closeTo: filters.close_to,
      status: filters.status,
      search: filters.q,
      sortColumn,
      descending,
      limit: window.limit,
      offset,
      after:
        cursor === undefined ? undefined : this.cursors.decode(cursor, listing),
      withTotal: pageMode,
    });
    // Only an empty page asks: a customer with deals exists.
    if (
      customerId !== undefined &&
      result.data.length === 0 &&
      !(await this.deals.hasCustomer(user, workspaceId, customerId))
    ) {
      throw await this.workspaces.whyNothingMatched(
        user,
        workspaceId,
        'viewer',
        noSuchCustomer,
      );
    }
    return listPage(result, window, (position) =>
      this.cursors.encode(position, listing),
    );
  }

  async get(user: AuthenticatedUser, workspaceId: string, dealId: string) {
    const deal = await this.deals.deal(user, workspaceId, dealId);
    if (!deal) throw noSuchDeal();
    return deal;
  }

  /** Defaults: the workspace's first pipeline, its first stage; the stage must be the pipeline's. */
  async create(
    user: AuthenticatedUser,
    workspaceId: string,
    input: CreateDealDto,
  ): Promise<DealDto> {
    let { pipeline_id: pipelineId, stage_id: stageId } = input;
    if (stageId) {
      const stage = await this.pipelines.stage(user, workspaceId, stageId);
      if (!stage)
        throw await this.workspaces.whyNothingMatched(
          user,
          workspaceId,
          'viewer',
          notInWorkspace('stage_id is not a stage of this workspace'),
        );
      if (pipelineId && stage.pipeline_id !== pipelineId) {
        throw new UnprocessableEntityException(
          'stage_id is not a stage of pipeline_id',
        );
      }
      pipelineId = stage.pipeline_id;
    } else {
      pipelineId ??= (await this.pipelines.pipelines(user, workspaceId))[0]?.id;
      if (!pipelineId)
        throw await this.workspaces.whyNothingMatched(
          user,
          workspaceId,
          'viewer',
          notInWorkspace('the workspace has no pipeline'),
        );
      stageId = (await this.pipelines.stages(user, workspaceId, pipelineId))[0]
        ?.id;
      if (!stageId)
        throw await this.workspaces.whyNothingMatched(
          user,
          workspaceId,
          'viewer',
          notInWorkspace('pipeline_id is not a pipeline of this workspace'),
        );
    }
    try {
      return await this.deals.createDeal(user, workspaceId, {
        ...input,
        pipeline_id: pipelineId,
        stage_id: stageId,
      });
    } catch (error) {
      // A viewer's insert meets the policy (403): say so plainly.
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
    dealId: string,
    changes: UpdateDealDto,
    version: number | undefined,
  ): Promise<DealDto> {
    requireChanges(changes);
    const updated = await this.deals.updateDeal(
      user,
      workspaceId,
      dealId,
      changes,
      version,
    );
    if (updated) return updated;
    const current = await this.deals.deal(user, workspaceId, dealId);
    if (current && version !== undefined && current.version !== version) {
      throw new HttpException(
        `The deal changed since version ${version} (it is at ${current.version}): fetch it again.`,
        HttpStatus.PRECONDITION_FAILED,
      );
    }
    throw await this.workspaces.whyNothingMatched(
      user,
      workspaceId,
      'member',
      noSuchDeal,
    );
  }

  async remove(user: AuthenticatedUser, workspaceId: string, dealId: string) {
    const deleted = await this.deals.updateDeal(user, workspaceId, dealId, {
      deleted_at: new Date().toISOString(),
    });
    if (!deleted)
      throw await this.workspaces.whyNothingMatched(
        user,
        workspaceId,
        'member',
        noSuchDeal,
      );
  }

  async restore(
    user: AuthenticatedUser,
    workspaceId: string,
    dealId: string,
  ): Promise<DealDto> {
    const restored = await this.deals.restoreDeal(user, workspaceId, dealId);
    if (restored) return restored;
    const live = await this.deals.deal(user, workspaceId, dealId);
    if (live) {
      await this.workspaces.requireRole(user, workspaceId, 'member');
      return live;
    }
    throw await this.workspaces.whyNothingMatched(
      user,
      workspaceId,
      'member',
      noSuchDeal,
    );
  }

  async move(
    user: AuthenticatedUser,
    workspaceId: string,
    dealId: string,
    move: MoveDealDto,
    version: number | undefined,
  ): Promise<DealDto> {
    if (move.after_id && move.before_id && move.after_id === move.before_id) {
      throw new BadRequestException(
        'after_id and before_id name the same deal',
      );
    }
    // One call: the function finds the deal in this workspace and checks the caller's role.
    return this.deals.moveDeal(user, workspaceId, dealId, {
      ...move,
      version,
    });
  }
}
