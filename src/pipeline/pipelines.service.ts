import {
  BadRequestException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ListCursorCodec } from '../common/list-cursor';
import { pageSize } from '../common/list-page';
import { WorkspacesService } from '../workspaces/workspaces.service';
import type {
  BoardDto,
  PipelineDto,
  StageDealsDto,
  StageDto,
  SummaryDto,
} from './dto/pipeline.dto';
import type {
  CreateStageDto,
  UpdatePipelineDto,
  UpdateStageDto,
} from './dto/pipeline-input.dto';
import { PipelinesRepository } from './pipelines.repository';
import { requireChanges } from '../common/require-changes';

const noSuchPipeline = () =>
  new NotFoundException('No such pipeline in this workspace.');
const noSuchStage = () =>
  new NotFoundException('No such stage in this pipeline.');
const SUMMARY_DAYS = 90;

/** Pipelines, their stages, the board and the summary. The database decides who may. */
@Injectable()
export class PipelinesService {
  constructor(
    private readonly pipelines: PipelinesRepository,
    private readonly workspaces: WorkspacesService,
    private readonly cursors: ListCursorCodec,
  ) {}

  async list(
    user: AuthenticatedUser,
    workspaceId: string,
  ): Promise<PipelineDto[]> {
    const pipelines = await this.pipelines.pipelines(user, workspaceId);
    // Nothing visible: a workspace without pipelines, or not the caller's.
    if (pipelines.length === 0)
      await this.workspaces.requireRole(user, workspaceId, 'viewer');
    return pipelines;
  }

  create(user: AuthenticatedUser, workspaceId: string, name: string) {
    return this.pipelines.createPipeline(user, workspaceId, name);
  }

  async get(user: AuthenticatedUser, workspaceId: string, pipelineId: string) {
    const pipeline = await this.pipelines.pipeline(
      user,
      workspaceId,
      pipelineId,
    );
    if (!pipeline) throw noSuchPipeline();
    return pipeline;
  }

  async update(
    user: AuthenticatedUser,
    workspaceId: string,
    pipelineId: string,
    changes: UpdatePipelineDto,
  ): Promise<PipelineDto> {
    requireChanges(changes);
    const updated = await this.pipelines.updatePipeline(
      user,
      workspaceId,
      pipelineId,
      changes,
    );
    if (!updated)
      throw await this.workspaces.whyNothingMatched(
        user,
        workspaceId,
        'member',
        noSuchPipeline,
      );
    return updated;
  }

  async delete(
    user: AuthenticatedUser,
    workspaceId: string,
    pipelineId: string,
    moveTo: string | undefined,
  ): Promise<void> {
    await this.get(user, workspaceId, pipelineId);
    await this.pipelines.deletePipeline(user, pipelineId, moveTo);
  }

  async stages(
    user: AuthenticatedUser,
    workspaceId: string,
    pipelineId: string,
  ): Promise<StageDto[]> {
    const stages = await this.pipelines.stages(user, workspaceId, pipelineId);
    if (stages.length === 0) await this.get(user, workspaceId, pipelineId);
    return stages;
  }

  async createStage(
    user: AuthenticatedUser,
    workspaceId: string,
    pipelineId: string,
    stage: CreateStageDto,
  ): Promise<StageDto> {
    await this.get(user, workspaceId, pipelineId);
    return this.pipelines.createStage(user, pipelineId, stage);
  }

  async updateStage(
    user: AuthenticatedUser,
    workspaceId: string,
    pipelineId: string,
    stageId: string,
    changes: UpdateStageDto,
  ): Promise<StageDto> {
    requireChanges(changes);
    const updated = await this.pipelines.updateStage(
      user,
      workspaceId,
      pipelineId,
      stageId,
      changes,
    );
    if (!updated)
      throw await this.workspaces.whyNothingMatched(
        user,
        workspaceId,
        'member',
        noSuchStage,
      );
    return updated;
  }

  async deleteStage(
    user: AuthenticatedUser,
    workspaceId: string,
    pipelineId: string,
    stageId: string,
    moveTo: string | undefined,
  ): Promise<void> {
    await this.requireStage(user, workspaceId, pipelineId, stageId);
    await this.pipelines.deleteStage(user, stageId, moveTo);
  }

  async reorderStages(
    user: AuthenticatedUser,
    workspaceId: string,
    pipelineId: string,
    stageIds: string[],
  ): Promise<StageDto[]> {
    await this.get(user, workspaceId, pipelineId);
    return this.pipelines.reorderStages(user, pipelineId, stageIds);
  }

  async board(
    user: AuthenticatedUser,
    workspaceId: string,
    pipelineId: string,
    perStage: number | undefined,
  ): Promise<BoardDto> {
    // One call: the function checks the pipeline is this workspace's, and the caller's role.
    const { pipeline, stages } = await this.pipelines.board(
      user,
      workspaceId,
      pipelineId,
      pageSize('column', perStage),
    );
    return {
      pipeline,
      stages: stages.map(({ has_more, ...stage }) => {
        const last = stage.deals.at(-1);
        return {
          ...stage,
          next_cursor:
            has_more && last ? this.columnCursor(stage.id, last) : null,
        };
      }),
    };
  }

  async stageDeals(
    user: AuthenticatedUser,
    workspaceId: string,
    pipelineId: string,
    stageId: string,
    limit: number | undefined,
    cursor: string | undefined,
  ): Promise<StageDealsDto> {
    const after = cursor
      ? this.cursors.decode(cursor, { column: stageId })
      : undefined;
    const page = await this.pipelines.stageDeals(
      user,
      workspaceId,
      pipelineId,
      stageId,
      after,
      pageSize('column', limit),
    );
    const last = page.data.at(-1);
    return {
      data: page.data,
      next_cursor:
        page.has_more && last ? this.columnCursor(stageId, last) : null,
    };
  }

  async summary(
    user: AuthenticatedUser,
    workspaceId: string,
    pipelineId: string,
    from: string | undefined,
    to: string | undefined,
  ): Promise<SummaryDto> {
    const end = to ?? new Date().toISOString();
    const start =
      from ??
      new Date(Date.parse(end) - SUMMARY_DAYS * 24 * 3600 * 1000).toISOString();
    if (Date.parse(start) > Date.parse(end)) {
      throw new BadRequestException(
        to === undefined
          ? 'from is in the future: give a from before now, or a to'
          : 'from is after to',
      );
    }
    return this.pipelines.summary(user, workspaceId, pipelineId, start, end);
  }

  private columnCursor(
    stageId: string,
    last: { position: string; id: string },
  ) {
    return this.cursors.encode(
      { value: last.position, id: last.id },
      { column: stageId },
    );
  }

  private async requireStage(
    user: AuthenticatedUser,
    workspaceId: string,
    pipelineId: string,
    stageId: string,
  ): Promise<StageDto> {
    const stage = await this.pipelines.stage(user, workspaceId, stageId);
    if (!stage || stage.pipeline_id !== pipelineId) throw noSuchStage();
    return stage;
  }
}
