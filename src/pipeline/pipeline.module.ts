import { Module } from '@nestjs/common';
import { ListCursorCodec } from '../common/list-cursor';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { DealsController } from './deals.controller';
import { DealsService } from './deals.service';
import { PipelineRepository } from './pipeline.repository';
import { PipelinesController } from './pipelines.controller';
import { PipelinesService } from './pipelines.service';

@Module({
  imports: [WorkspacesModule],
  controllers: [PipelinesController, DealsController],
  providers: [
    PipelinesService,
    DealsService,
    PipelineRepository,
    ListCursorCodec,
  ],
})
export class PipelineModule {}
