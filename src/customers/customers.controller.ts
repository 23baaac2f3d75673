import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiHeader,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ProblemDetailsDto } from '../common/problem-details.dto';
import { CustomersService } from './customers.service';
import { CreateCustomerDto } from './dto/create-customer.dto';
import { CustomerIdDto } from './dto/customer-id.dto';
import {
  CursorMetaDto,
  CustomerDto,
  CustomerPageDto,
  PageMetaDto,
} from './dto/customer.dto';
import { ListCustomersQueryDto } from './dto/list-customers-query.dto';
import { UpdateCustomerDto } from './dto/update-customer.dto';

@ApiTags('customers')
@ApiBearerAuth()
@ApiExtraModels(PageMetaDto, CursorMetaDto)
@ApiUnauthorizedResponse({
  type: ProblemDetailsDto,
  description: 'Missing or invalid token.',
})
@ApiBadRequestResponse({
  type: ProblemDetailsDto,
  description: 'Invalid input; `errors` names each field.',
})
@ApiServiceUnavailableResponse({
  type: ProblemDetailsDto,
  description: 'The database is unavailable.',
})
@Controller('customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get()
  @ApiOkResponse({ type: CustomerPageDto })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListCustomersQueryDto,
  ) {
    return this.customers.list(user, query);
  }

  @Post()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Makes the create safe to retry (kept 24 h): the same key with the same body returns the ' +
      'first answer, marked `Idempotent-Replayed: true`; with another body it is a 422.',
  })
  @ApiCreatedResponse({ type: CustomerDto })
  @ApiConflictResponse({
    type: ProblemDetailsDto,
    description: 'The email is already in use.',
  })
  @ApiUnprocessableEntityResponse({
    type: ProblemDetailsDto,
    description: 'The Idempotency-Key was used for another request.',
  })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateCustomerDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { customer, replayed } = await this.customers.create(
      user,
      body,
      idempotencyKey,
    );
    if (replayed) void reply.header('Idempotent-Replayed', 'true');
    return customer;
  }

  @Get(':id')
  @ApiOkResponse({ type: CustomerDto })
  @ApiNotFoundResponse({
    type: ProblemDetailsDto,
    description: 'Absent, deleted or not yours.',
  })
  get(@CurrentUser() user: AuthenticatedUser, @Param() { id }: CustomerIdDto) {
    return this.customers.get(user, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: CustomerDto })
  @ApiNotFoundResponse({
    type: ProblemDetailsDto,
    description: 'Absent, deleted or not yours.',
  })
  @ApiConflictResponse({
    type: ProblemDetailsDto,
    description: 'The email is already in use.',
  })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { id }: CustomerIdDto,
    @Body() body: UpdateCustomerDto,
  ) {
    return this.customers.update(user, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'Deleted (softly: `restore` brings it back).',
  })
  @ApiNotFoundResponse({
    type: ProblemDetailsDto,
    description: 'Absent, deleted or not yours.',
  })
  remove(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { id }: CustomerIdDto,
  ) {
    return this.customers.remove(user, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @ApiOkResponse({ type: CustomerDto })
  @ApiNotFoundResponse({
    type: ProblemDetailsDto,
    description: 'Absent or not yours.',
  })
  @ApiConflictResponse({
    type: ProblemDetailsDto,
    description: 'A live customer now has the same email.',
  })
  restore(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { id }: CustomerIdDto,
  ) {
    return this.customers.restore(user, id);
  }
}
