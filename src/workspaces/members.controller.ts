import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { WorkspaceParamsDto } from '../common/route-params.dto';
import { ApiRoute } from '../docs/api-route.decorator';
import { JSON_BODY, NOT_FOUND, VALIDATED } from '../docs/problem-presets';
import { MemberDto, MemberListDto } from './dto/workspace.dto';
import { MemberParamsDto, UpdateMemberDto } from './dto/workspace-input.dto';
import { WorkspacesService } from './workspaces.service';

const LAST_OWNER =
  'The workspace would be left without an owner: make another member owner first.';
const KEEPS_ITS_OWNERS = `${LAST_OWNER} Or the member is the user a personal workspace belongs to, who stays its owner.`;

@ApiTags('workspaces')
@Controller('workspaces/:workspaceId/members')
export class MembersController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Get()
  @ApiRoute({
    operationId: 'listMembers',
    summary: 'List the members of a workspace',
    success: {
      status: 200,
      description: 'Members, earliest first.',
      type: MemberListDto,
    },
    problems: {
      ...VALIDATED,
      ...NOT_FOUND.workspace,
    },
  })
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId }: WorkspaceParamsDto,
  ): Promise<MemberListDto> {
    return { data: await this.workspaces.members(user, workspaceId) };
  }

  @Patch(':userId')
  @ApiRoute({
    operationId: 'changeMemberRole',
    summary: "Change a member's role",
    description:
      'Admins change viewers, members and admins; only owners change owners or make one.',
    success: {
      status: 200,
      description: 'The member, with the new role.',
      type: MemberDto,
    },
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      403: true,
      ...NOT_FOUND.member,
      409: KEEPS_ITS_OWNERS,
    },
  })
  changeRole(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, userId }: MemberParamsDto,
    @Body() body: UpdateMemberDto,
  ) {
    return this.workspaces.setRole(user, workspaceId, userId, body.role);
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiRoute({
    operationId: 'removeMember',
    summary: 'Remove a member, or leave',
    description:
      'On yourself: leave the workspace. Otherwise as for role changes. The last owner can ' +
      'neither leave nor be removed, and nobody leaves their own personal workspace or is ' +
      'removed from it (409).',
    success: { status: 204, description: 'Removed.' },
    problems: {
      ...VALIDATED,
      403: true,
      ...NOT_FOUND.member,
      409: KEEPS_ITS_OWNERS,
    },
  })
  remove(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, userId }: MemberParamsDto,
  ) {
    return this.workspaces.removeMember(user, workspaceId, userId);
  }
}
