import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { ListCursorCodec } from '../common/list-cursor';
import { CompaniesController } from './companies.controller';
import { CompaniesRepository } from './companies.repository';
import { CompaniesService } from './companies.service';
import { DuplicatesController } from './duplicates.controller';
import { DuplicatesRepository } from './duplicates.repository';
import { DuplicatesService } from './duplicates.service';
import { MergesController } from './merges.controller';
import { MergesRepository } from './merges.repository';
import { MergesService } from './merges.service';
import { SearchController } from './search.controller';
import { SearchRepository } from './search.repository';
import { SearchService } from './search.service';

/** Companies, the people at them, their duplicates and merges, and the workspace's search. */
@Module({
  imports: [WorkspacesModule],
  // Duplicates before companies: `companies/duplicates` is a path of its own, not an id.
  controllers: [
    DuplicatesController,
    SearchController,
    CompaniesController,
    MergesController,
  ],
  providers: [
    CompaniesService,
    CompaniesRepository,
    DuplicatesRepository,
    DuplicatesService,
    MergesService,
    MergesRepository,
    SearchRepository,
    SearchService,
    ListCursorCodec,
  ],
})
export class CompaniesModule {}
