import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
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
import { WorkspaceParamsDto } from '../common/route-params.dto';
import {
  BoardDto,
  PipelineDto,
  PipelineListDto,
  SummaryDto,
} from './dto/pipeline.dto';
import {
  BoardQueryDto,
  CreatePipelineDto,
  DeletePipelineQueryDto,
  PipelineParamsDto,
  SummaryQueryDto,
  UpdatePipelineDto,
} from './dto/pipeline-input.dto';
import { PipelinesService } from './pipelines.service';

@ApiTags('pipeline')
@Controller('workspaces/:workspaceId/pipelines')
export class PipelinesController {
  constructor(private readonly pipelines: PipelinesService) {}

  @Get()
  @ApiRoute({
    operationId: 'listPipelines',
    summary: 'List pipelines',
    success: {
      status: 200,
      description: 'By position.',
      type: PipelineListDto,
    },
    problems: {
      ...VALIDATED,
      ...NOT_FOUND.workspace,
    },
  })
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId }: WorkspaceParamsDto,
  ): Promise<PipelineListDto> {
    return { data: await this.pipelines.list(user, workspaceId) };
  }

  @Post()
  @ApiRoute({
    operationId: 'createPipeline',
    summary: 'Create a pipeline',
    description:
      'With the default stages (Lead in … Won, Lost), which can then be changed.',
    success: { status: 201, description: 'Created.', type: PipelineDto },
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      ...MEMBER_WRITE,
      ...NOT_FOUND.workspace,
    },
  })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId }: WorkspaceParamsDto,
    @Body() body: CreatePipelineDto,
  ) {
    return this.pipelines.create(user, workspaceId, body.name);
  }

  @Get(':pipelineId')
  @ApiRoute({
    operationId: 'getPipeline',
    summary: 'Get a pipeline',
    success: { status: 200, description: 'The pipeline.', type: PipelineDto },
    problems: { ...VALIDATED, ...NOT_FOUND.pipeline },
  })
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, pipelineId }: PipelineParamsDto,
  ) {
    return this.pipelines.get(user, workspaceId, pipelineId);
  }

  @Patch(':pipelineId')
  @ApiRoute({
    operationId: 'updatePipeline',
    summary: 'Rename or reposition a pipeline',
    success: {
      status: 200,
      description: 'The pipeline as it is now.',
      type: PipelineDto,
    },
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      ...MEMBER_WRITE,
      ...NOT_FOUND.pipeline,
    },
  })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, pipelineId }: PipelineParamsDto,
    @Body() body: UpdatePipelineDto,
  ) {
    return this.pipelines.update(user, workspaceId, pipelineId, body);
  }

  @Delete(':pipelineId')
  @HttpCode(204)
  @ApiRoute({
    operationId: 'deletePipeline',
    summary: 'Delete a pipeline',
    description:
      'Only one that holds no live deal. Its deleted deals stay restorable: a pipeline that ' +
      'holds some needs `move_to`, a stage of another pipeline, where they move (still deleted, ' +
      'with their timeline) in the same transaction.',
    success: { status: 204, description: 'Deleted.' },
    problems: {
      ...VALIDATED,
      ...MEMBER_WRITE,
      ...NOT_FOUND.pipeline,
      409: 'The pipeline holds live deals (move or delete them first), or deleted ones and no move_to was given.',
      422: 'move_to is not a stage of another pipeline of this workspace.',
    },
  })
  delete(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, pipelineId }: PipelineParamsDto,
    @Query() query: DeletePipelineQueryDto,
  ) {
    return this.pipelines.delete(user, workspaceId, pipelineId, query.move_to);
  }

  @Get(':pipelineId/board')
  @ApiRoute({
    operationId: 'getBoard',
    summary: 'The board of a pipeline',
    description:
      'The stages in order, each with its count, amounts and weighted amounts (amount × ' +
      'probability) per currency, its first `per_stage` deals by position, and the cursor to ' +
      'the rest of the column.',
    success: { status: 200, description: 'The board.', type: BoardDto },
    problems: { ...VALIDATED, ...NOT_FOUND.pipeline },
  })
  board(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, pipelineId }: PipelineParamsDto,
    @Query() query: BoardQueryDto,
  ) {
    return this.pipelines.board(user, workspaceId, pipelineId, query.per_stage);
  }

  @Get(':pipelineId/summary')
  @ApiRoute({
    operationId: 'getPipelineSummary',
    summary: 'The figures of a pipeline',
    description:
      'Per stage: count, amount, weighted amount and the average days deals spent in it; in ' +
      'the period: deals won and lost with their amounts, the win rate and the average days ' +
      'to close. The period defaults to the last 90 days.',
    success: { status: 200, description: 'The summary.', type: SummaryDto },
    problems: { ...VALIDATED, ...NOT_FOUND.pipeline },
  })
  summary(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, pipelineId }: PipelineParamsDto,
    @Query() query: SummaryQueryDto,
  ) {
    return this.pipelines.summary(
      user,
      workspaceId,
      pipelineId,
      query.from,
      query.to,
    );
  }
}
