import { Module } from '@nestjs/common';
import { ListCursorCodec } from '../common/list-cursor';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { DealsController } from './deals.controller';
import { DealsRepository } from './deals.repository';
import { DealsService } from './deals.service';
import { PipelinesController } from './pipelines.controller';
import { PipelinesRepository } from './pipelines.repository';
import { PipelinesService } from './pipelines.service';
import { StagesController } from './stages.controller';

@Module({
  imports: [WorkspacesModule],
  controllers: [PipelinesController, StagesController, DealsController],
  providers: [
    PipelinesService,
    DealsService,
    PipelinesRepository,
    DealsRepository,
    ListCursorCodec,
  ],
})
export class PipelineModule {}
