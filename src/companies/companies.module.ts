import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';

/** Companies, the people at them, their duplicates and merges, and the workspace's search. */
@Module({
  imports: [WorkspacesModule],
  controllers: [],
  providers: [],
})
export class CompaniesModule {}
