import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { MergesController } from './merges.controller';
import { MergesRepository } from './merges.repository';
import { MergesService } from './merges.service';

/** Companies, the people at them, their duplicates and merges, and the workspace's search. */
@Module({
  imports: [WorkspacesModule],
  controllers: [MergesController],
  providers: [MergesService, MergesRepository],
})
export class CompaniesModule {}
