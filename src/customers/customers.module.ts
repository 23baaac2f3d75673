import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { ListCursorCodec } from '../common/list-cursor';
import { CustomersController } from './customers.controller';
import { CustomersRepository } from './customers.repository';
import { CustomersService } from './customers.service';

@Module({
  imports: [WorkspacesModule],
  controllers: [CustomersController],
  providers: [CustomersService, CustomersRepository, ListCursorCodec],
})
export class CustomersModule {}
