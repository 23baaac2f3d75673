import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { WorkspaceParamsDto } from '../common/route-params.dto';
import { ApiRoute } from '../docs/api-route.decorator';
import {
  JSON_BODY,
  NOT_FOUND,
  SIGNED_IN,
  VALIDATED,
} from '../docs/problem-presets';
import { WorkspaceDto, WorkspaceListDto } from './dto/workspace.dto';
import {
  CreateWorkspaceDto,
  UpdateWorkspaceDto,
} from './dto/workspace-input.dto';
import { WorkspacesService } from './workspaces.service';

@ApiTags('workspaces')
@Controller('workspaces')
export class WorkspacesController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Get()
  @ApiRoute({
    operationId: 'listWorkspaces',
    summary: 'List your workspaces',
    description: 'Every workspace you are a member of, with your role in each.',
    success: {
      status: 200,
      description: 'Your workspaces.',
      type: WorkspaceListDto,
    },
    problems: { ...SIGNED_IN },
  })
  async list(
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<WorkspaceListDto> {
    return { data: await this.workspaces.list(user) };
  }

  @Post()
  @ApiRoute({
    operationId: 'createWorkspace',
    summary: 'Create a workspace',
    description: 'You become its owner.',
    success: { status: 201, description: 'Created.', type: WorkspaceDto },
    problems: { ...VALIDATED, ...JSON_BODY },
  })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateWorkspaceDto,
  ) {
    return this.workspaces.create(user, body.name);
  }

  @Get(':workspaceId')
  @ApiRoute({
    operationId: 'getWorkspace',
    summary: 'Get a workspace',
    success: {
      status: 200,
      description: 'The workspace, with your role.',
      type: WorkspaceDto,
    },
    problems: { ...VALIDATED, ...NOT_FOUND.workspace },
  })
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId }: WorkspaceParamsDto,
  ) {
    return this.workspaces.get(user, workspaceId);
  }

  @Patch(':workspaceId')
  @ApiRoute({
    // The operation keeps its first name: generated clients call it by this name.
    operationId: 'renameWorkspace',
    summary: 'Rename a workspace or set its default currency',
    description:
      'Admins and owners. The default currency is what new deals that name none take.',
    success: {
      status: 200,
      description: 'The workspace as it is now.',
      type: WorkspaceDto,
    },
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      ...NOT_FOUND.workspace,
      403: true,
    },
  })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId }: WorkspaceParamsDto,
    @Body() body: UpdateWorkspaceDto,
  ) {
    return this.workspaces.update(user, workspaceId, body);
  }

  @Delete(':workspaceId')
  @HttpCode(204)
  @ApiRoute({
    operationId: 'deleteWorkspace',
    summary: 'Delete a workspace',
    description:
      'Owners only. Deletes its customers, members and invitations for good. A personal ' +
      'workspace cannot be deleted (409).',
    success: { status: 204, description: 'Deleted.' },
    problems: {
      ...VALIDATED,
      ...NOT_FOUND.workspace,
      403: true,
      409: 'A personal workspace cannot be deleted.',
    },
  })
  delete(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId }: WorkspaceParamsDto,
  ) {
    return this.workspaces.delete(user, workspaceId);
  }
}
