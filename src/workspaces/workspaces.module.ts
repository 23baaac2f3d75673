import { Module } from '@nestjs/common';
import { InvitationsController } from './invitations.controller';
import { MembersController } from './members.controller';
import { WorkspacesController } from './workspaces.controller';
import { WorkspacesRepository } from './workspaces.repository';
import { WorkspacesService } from './workspaces.service';

/** Workspaces, their members and invitations; the service is how other features ask why. */
@Module({
  controllers: [WorkspacesController, MembersController, InvitationsController],
  providers: [WorkspacesService, WorkspacesRepository],
  exports: [WorkspacesService],
})
export class WorkspacesModule {}
