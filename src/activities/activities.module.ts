import { Module } from '@nestjs/common';
import { ListCursorCodec } from '../common/list-cursor';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { ActivitiesController } from './activities.controller';
import { ActivitiesRepository } from './activities.repository';
import { ActivitiesService } from './activities.service';

@Module({
  imports: [WorkspacesModule],
  controllers: [ActivitiesController],
  providers: [ActivitiesService, ActivitiesRepository, ListCursorCodec],
})
export class ActivitiesModule {}
