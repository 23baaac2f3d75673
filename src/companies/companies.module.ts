import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { ListCursorCodec } from '../common/list-cursor';
import { CompaniesController } from './companies.controller';
import { CompaniesRepository } from './companies.repository';
import { CompaniesService } from './companies.service';
import { MergesController } from './merges.controller';
import { MergesRepository } from './merges.repository';
import { MergesService } from './merges.service';

/** Companies, the people at them, their duplicates and merges, and the workspace's search. */
@Module({
  imports: [WorkspacesModule],
  controllers: [CompaniesController, MergesController],
  providers: [
    CompaniesService,
    CompaniesRepository,
    MergesService,
    MergesRepository,
    ListCursorCodec,
  ],
})
export class CompaniesModule {}
