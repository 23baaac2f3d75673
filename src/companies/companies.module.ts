import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { ListCursorCodec } from '../common/list-cursor';
import { CompaniesController } from './companies.controller';
import { CompaniesRepository } from './companies.repository';
import { CompaniesService } from './companies.service';

/** Companies, the people at them, their duplicates and merges, and the workspace's search. */
@Module({
  imports: [WorkspacesModule],
  controllers: [CompaniesController],
  providers: [CompaniesService, CompaniesRepository, ListCursorCodec],
})
export class CompaniesModule {}
