import { Module } from '@nestjs/common';
import { ListCursorCodec } from '../common/list-cursor';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { DealContactsController } from './deal-contacts.controller';
import { DealContactsRepository } from './deal-contacts.repository';
import { DealContactsService } from './deal-contacts.service';
import { DealsController } from './deals.controller';
import { DealsRepository } from './deals.repository';
import { DealsService } from './deals.service';
import { PipelinesController } from './pipelines.controller';
import { PipelinesRepository } from './pipelines.repository';
import { PipelinesService } from './pipelines.service';
import { StagesController } from './stages.controller';

@Module({
  imports: [WorkspacesModule],
  controllers: [
    PipelinesController,
    StagesController,
    DealsController,
    DealContactsController,
  ],
  providers: [
    PipelinesService,
    DealsService,
    PipelinesRepository,
    DealsRepository,
    DealContactsService,
    DealContactsRepository,
    ListCursorCodec,
  ],
})
export class PipelineModule {}
