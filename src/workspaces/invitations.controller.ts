import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { WorkspaceParamsDto } from '../common/route-params.dto';
import { ApiRoute } from '../docs/api-route.decorator';
import { JSON_BODY, NOT_FOUND, VALIDATED } from '../docs/problem-presets';
import {
  AcceptedInvitationDto,
  CreatedInvitationDto,
  InvitationListDto,
} from './dto/workspace.dto';
import {
  AcceptInvitationDto,
  CreateInvitationDto,
  InvitationParamsDto,
} from './dto/workspace-input.dto';
import { WorkspacesService } from './workspaces.service';

@ApiTags('workspaces')
@Controller()
export class InvitationsController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Post('workspaces/:workspaceId/invitations')
  @ApiRoute({
    operationId: 'createInvitation',
    summary: 'Invite someone by email',
    description:
      'Admins and owners; only owners invite owners. Nothing is sent: the answer carries a ' +
      'one-time token (valid 7 days) for you to pass on. Only the person signed in with that ' +
      'email can accept it.',
    success: {
      status: 201,
      description: 'The invitation, with its token (shown this once).',
      type: CreatedInvitationDto,
    },
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      403: true,
      ...NOT_FOUND.workspace,
    },
  })
  invite(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId }: WorkspaceParamsDto,
    @Body() body: CreateInvitationDto,
  ) {
    return this.workspaces.invite(user, workspaceId, body.email, body.role);
  }

  @Get('workspaces/:workspaceId/invitations')
  @ApiRoute({
    operationId: 'listInvitations',
    summary: 'List pending invitations',
    description: 'Admins and owners. Never the tokens.',
    success: {
      status: 200,
      description: 'Invitations not yet accepted, revoked or expired.',
      type: InvitationListDto,
    },
    problems: { ...VALIDATED, 403: true, ...NOT_FOUND.workspace },
  })
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId }: WorkspaceParamsDto,
  ): Promise<InvitationListDto> {
    return {
      data: await this.workspaces.pendingInvitations(user, workspaceId),
    };
  }

  @Delete('workspaces/:workspaceId/invitations/:invitationId')
  @HttpCode(204)
  @ApiRoute({
    operationId: 'revokeInvitation',
    summary: 'Revoke an invitation',
    description:
      'Admins and owners; an invitation to become owner, owners only.',
    success: {
      status: 204,
      description: 'Revoked: accepting it now answers 410.',
    },
    problems: {
      ...VALIDATED,
      403: true,
      ...NOT_FOUND.pendingInvitation,
      410: 'The invitation was already accepted or revoked.',
    },
  })
  revoke(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, invitationId }: InvitationParamsDto,
  ) {
    return this.workspaces.revokeInvitation(user, workspaceId, invitationId);
  }

  @Post('invitations/accept')
  @HttpCode(200)
  @ApiRoute({
    operationId: 'acceptInvitation',
    summary: 'Accept an invitation',
    description:
      'The email in your access token must be the one invited. Each invitation is accepted once.',
    success: {
      status: 200,
      description: 'You are now a member.',
      type: AcceptedInvitationDto,
    },
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      403: 'The invitation is for another email address.',
      404: 'No such invitation.',
      409: 'You are already a member of this workspace.',
      410: 'The invitation was used, revoked or has expired.',
    },
  })
  accept(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: AcceptInvitationDto,
  ) {
    return this.workspaces.accept(user, body.token);
  }
}
