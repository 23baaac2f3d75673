import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { DuplicatesController } from './duplicates.controller';
import { DuplicatesRepository } from './duplicates.repository';
import { DuplicatesService } from './duplicates.service';
import { SearchController } from './search.controller';
import { SearchRepository } from './search.repository';
import { SearchService } from './search.service';

/** Companies, the people at them, their duplicates and merges, and the workspace's search. */
@Module({
  imports: [WorkspacesModule],
  controllers: [DuplicatesController, SearchController],
  providers: [
    DuplicatesRepository,
    DuplicatesService,
    SearchRepository,
    SearchService,
  ],
})
export class CompaniesModule {}
