import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
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
import { StageDealsDto, StageDto, StageListDto } from './dto/pipeline.dto';
import {
  CreateStageDto,
  DeleteStageQueryDto,
  PipelineParamsDto,
  ReorderStagesDto,
  StageDealsQueryDto,
  StageParamsDto,
  UpdateStageDto,
} from './dto/pipeline-input.dto';
import { PipelinesService } from './pipelines.service';

/** The stages of a pipeline, and a column of the board further down. */
@ApiTags('pipeline')
@Controller('workspaces/:workspaceId/pipelines/:pipelineId/stages')
export class StagesController {
  constructor(private readonly pipelines: PipelinesService) {}

  @Get()
  @ApiRoute({
    operationId: 'listStages',
    summary: 'List the stages of a pipeline',
    success: { status: 200, description: 'In order.', type: StageListDto },
    problems: { ...VALIDATED, ...NOT_FOUND.pipeline },
  })
  async stages(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, pipelineId }: PipelineParamsDto,
  ): Promise<StageListDto> {
    return { data: await this.pipelines.stages(user, workspaceId, pipelineId) };
  }

  @Post()
  @ApiRoute({
    operationId: 'createStage',
    summary: 'Add a stage',
    success: { status: 201, description: 'Created.', type: StageDto },
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      ...MEMBER_WRITE,
      ...NOT_FOUND.pipeline,
      422: 'after_id is not a stage of this pipeline.',
    },
  })
  createStage(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, pipelineId }: PipelineParamsDto,
    @Body() body: CreateStageDto,
  ) {
    return this.pipelines.createStage(user, workspaceId, pipelineId, body);
  }

  @Put('order')
  @ApiRoute({
    operationId: 'reorderStages',
    summary: 'Reorder the stages of a pipeline',
    success: {
      status: 200,
      description: 'The stages, in the new order.',
      type: StageListDto,
    },
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      ...MEMBER_WRITE,
      ...NOT_FOUND.pipeline,
      422: 'stage_ids must list every stage of the pipeline once.',
    },
  })
  async reorder(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, pipelineId }: PipelineParamsDto,
    @Body() body: ReorderStagesDto,
  ): Promise<StageListDto> {
    return {
      data: await this.pipelines.reorderStages(
        user,
        workspaceId,
        pipelineId,
        body.stage_ids,
      ),
    };
  }

  @Patch(':stageId')
  @ApiRoute({
    operationId: 'updateStage',
    summary: 'Change a stage',
    description:
      'Its name, kind or probability; deals already in it keep their closing date.',
    success: {
      status: 200,
      description: 'The stage as it is now.',
      type: StageDto,
    },
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      ...MEMBER_WRITE,
      ...NOT_FOUND.stage,
    },
  })
  updateStage(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, pipelineId, stageId }: StageParamsDto,
    @Body() body: UpdateStageDto,
  ) {
    return this.pipelines.updateStage(
      user,
      workspaceId,
      pipelineId,
      stageId,
      body,
    );
  }

  @Delete(':stageId')
  @HttpCode(204)
  @ApiRoute({
    operationId: 'deleteStage',
    summary: 'Delete a stage',
    description:
      'A stage that holds deals needs `move_to`, another stage of the pipeline: the deals move ' +
      'there (after those already in it) in the same transaction.',
    success: { status: 204, description: 'Deleted.' },
    problems: {
      ...VALIDATED,
      ...MEMBER_WRITE,
      ...NOT_FOUND.stage,
      409: 'The stage holds deals and no move_to was given, or it is the last stage.',
      422: 'move_to is not another stage of this pipeline.',
    },
  })
  deleteStage(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, pipelineId, stageId }: StageParamsDto,
    @Query() query: DeleteStageQueryDto,
  ) {
    return this.pipelines.deleteStage(
      user,
      workspaceId,
      pipelineId,
      stageId,
      query.move_to,
    );
  }

  @Get(':stageId/deals')
  @ApiRoute({
    operationId: 'listStageDeals',
    summary: 'Further down a column',
    description:
      'The deals of one stage by position, from a column cursor of the board.',
    success: {
      status: 200,
      description: 'A page of the column.',
      type: StageDealsDto,
    },
    problems: { ...VALIDATED, ...NOT_FOUND.stage },
  })
  stageDeals(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, pipelineId, stageId }: StageParamsDto,
    @Query() query: StageDealsQueryDto,
  ) {
    return this.pipelines.stageDeals(
      user,
      workspaceId,
      pipelineId,
      stageId,
      query.limit,
      query.cursor,
    );
  }
}
