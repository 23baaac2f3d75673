import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { unwrap } from '../database/database-error';
import { SupabaseClientFactory } from '../database/supabase-client.factory';
import type {
  DealDto,
  PipelineDto,
  StageDto,
  SummaryDto,
} from './dto/pipeline.dto';
import type {
  UpdatePipelineDto,
  UpdateStageDto,
} from './dto/pipeline-input.dto';
import { PIPELINE_LIMITS, type StageKind } from './pipeline.constants';

export interface BoardAnswer {
  pipeline: PipelineDto;
  stages: (StageDto & {
    count: number;
    amount: Record<string, number>;
    weighted: Record<string, number>;
    deals: DealDto[];
    has_more: boolean;
  })[];
}

/**
 * The only code that builds data API queries for pipelines and their stages, the board and the
 * summary. Everything runs as the caller. Reads and table writes name the workspace; the
 * functions given a pipeline or a stage id (deleting, adding or reordering stages, deleting a
 * pipeline) find its workspace themselves. The database's policies and functions decide.
 */
@Injectable()
export class PipelinesRepository {
  constructor(private readonly clients: SupabaseClientFactory) {}

  private db(user: AuthenticatedUser) {
    return this.clients.forUser(user.accessToken);
  }

  async pipelines(
    user: AuthenticatedUser,
    workspaceId: string,
  ): Promise<PipelineDto[]> {
    return unwrap(
      await this.db(user)
        .from('pipelines')
        .select('*')
        .eq('workspace_id', workspaceId)
        .order('position')
        .order('id')
        .limit(PIPELINE_LIMITS.pipelines),
    );
  }

  async pipeline(
    user: AuthenticatedUser,
    workspaceId: string,
    pipelineId: string,
  ): Promise<PipelineDto | null> {
    return unwrap(
      await this.db(user)
        .from('pipelines')
        .select('*')
        .eq('workspace_id', workspaceId)
        .eq('id', pipelineId)
        .maybeSingle(),
    );
  }

  async createPipeline(
    user: AuthenticatedUser,
    workspaceId: string,
    name: string,
  ): Promise<PipelineDto> {
    return unwrap(
      await this.db(user).rpc('create_pipeline', {
        p_workspace_id: workspaceId,
        p_name: name,
      }),
    );
  }

  async updatePipeline(
    user: AuthenticatedUser,
    workspaceId: string,
    pipelineId: string,
    changes: UpdatePipelineDto,
  ): Promise<PipelineDto | null> {
    return unwrap(
      await this.db(user)
        .from('pipelines')
        .update(changes)
        .eq('workspace_id', workspaceId)
        .eq('id', pipelineId)
        .select('*')
        .maybeSingle(),
    );
  }

  async deletePipeline(
    user: AuthenticatedUser,
    pipelineId: string,
    moveTo: string | undefined,
  ) {
    unwrap(
      await this.db(user).rpc('delete_pipeline', {
        p_pipeline_id: pipelineId,
        p_move_to: moveTo,
      }),
    );
  }

  async stages(
    user: AuthenticatedUser,
    workspaceId: string,
    pipelineId: string,
  ): Promise<StageDto[]> {
    return unwrap(
      await this.db(user)
        .from('pipeline_stages')
        .select('*')
        .eq('workspace_id', workspaceId)
        .eq('pipeline_id', pipelineId)
        .order('position')
        .limit(PIPELINE_LIMITS.stages),
    );
  }

  async stage(
    user: AuthenticatedUser,
    workspaceId: string,
    stageId: string,
  ): Promise<StageDto | null> {
    return unwrap(
      await this.db(user)
        .from('pipeline_stages')
        .select('*')
        .eq('workspace_id', workspaceId)
        .eq('id', stageId)
        .maybeSingle(),
    );
  }

  async createStage(
    user: AuthenticatedUser,
    pipelineId: string,
    stage: {
      name: string;
      kind?: StageKind;
      probability?: number;
      after_id?: string;
    },
  ): Promise<StageDto> {
    return unwrap(
      await this.db(user).rpc('create_stage', {
        p_pipeline_id: pipelineId,
        p_name: stage.name,
        p_kind: stage.kind,
        p_probability: stage.probability,
        p_after_id: stage.after_id,
      }),
    );
  }

  async updateStage(
    user: AuthenticatedUser,
    workspaceId: string,
    pipelineId: string,
    stageId: string,
    changes: UpdateStageDto,
  ): Promise<StageDto | null> {
    return unwrap(
      await this.db(user)
        .from('pipeline_stages')
        .update(changes)
        .eq('workspace_id', workspaceId)
        .eq('pipeline_id', pipelineId)
        .eq('id', stageId)
        .select('*')
        .maybeSingle(),
    );
  }

  async deleteStage(
    user: AuthenticatedUser,
    stageId: string,
    moveTo: string | undefined,
  ) {
    unwrap(
      await this.db(user).rpc('delete_stage', {
        p_stage_id: stageId,
        p_move_to: moveTo,
      }),
    );
  }

  async reorderStages(
    user: AuthenticatedUser,
    pipelineId: string,
    stageIds: string[],
  ): Promise<StageDto[]> {
    return unwrap(
      await this.db(user).rpc('reorder_stages', {
        p_pipeline_id: pipelineId,
        p_stage_ids: stageIds,
      }),
    );
  }

  async board(
    user: AuthenticatedUser,
    workspaceId: string,
    pipelineId: string,
    perStage: number,
  ): Promise<BoardAnswer> {
    return unwrap(
      await this.db(user).rpc('pipeline_board', {
        p_workspace_id: workspaceId,
        p_pipeline_id: pipelineId,
        p_per_stage: perStage,
      }),
    );
  }

  async stageDeals(
    user: AuthenticatedUser,
    workspaceId: string,
    pipelineId: string,
    stageId: string,
    after: { value: string; id: string } | undefined,
    limit: number,
  ): Promise<{ data: DealDto[]; has_more: boolean }> {
    return unwrap(
      await this.db(user).rpc('stage_deals', {
        p_workspace_id: workspaceId,
        p_pipeline_id: pipelineId,
        p_stage_id: stageId,
        p_after_position: after?.value,
        p_after_id: after?.id,
        p_limit: limit,
      }),
    );
  }

  async summary(
    user: AuthenticatedUser,
    workspaceId: string,
    pipelineId: string,
    from: string,
    to: string,
  ): Promise<SummaryDto> {
    return unwrap(
      await this.db(user).rpc('pipeline_summary', {
        p_workspace_id: workspaceId,
        p_pipeline_id: pipelineId,
        p_from: from,
        p_to: to,
      }),
    );
  }
}
