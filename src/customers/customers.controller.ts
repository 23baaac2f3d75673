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
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/current-user.decorator';
import {
  CustomerParamsDto,
  WorkspaceParamsDto,
} from '../common/route-params.dto';
import { ApiRoute } from '../docs/api-route.decorator';
import {
  JSON_BODY,
  MEMBER_WRITE,
  NOT_FOUND,
  VALIDATED,
} from '../docs/problem-presets';
import { CustomersService } from './customers.service';
import { CreateCustomerDto } from './dto/create-customer.dto';
import { CustomerDto, CustomerPageDto } from './dto/customer.dto';
import { ListCustomersQueryDto } from './dto/list-customers-query.dto';
import { UpdateCustomerDto } from './dto/update-customer.dto';

@ApiTags('customers')
@Controller('workspaces/:workspaceId/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get()
  @ApiRoute({
    operationId: 'listCustomers',
    summary: 'List customers',
    description:
      'Page mode (`page`, or neither `page` nor `cursor`) answers with `meta.total`; cursor mode ' +
      '(`cursor` from `meta.next_cursor`) does not, and costs the same at any depth. Page mode ' +
      'reaches 10,000 rows deep. Cursors are opaque and only valid with the filters and sort ' +
      'they came from.',
    success: { status: 200, description: 'One page.', type: CustomerPageDto },
    problems: {
      ...VALIDATED,
      ...NOT_FOUND.workspace,
    },
  })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId }: WorkspaceParamsDto,
    @Query() query: ListCustomersQueryDto,
  ) {
    return this.customers.list(user, workspaceId, query);
  }

  @Post()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Makes the create safe to retry (kept 24 h): the same key with the same body returns the ' +
      'first answer, marked `Idempotent-Replayed: true`; with another body it is a 422.',
    schema: {
      type: 'string',
      pattern: '^[\\x21-\\x7e]{1,255}$',
      maxLength: 255,
    },
  })
  @ApiRoute({
    operationId: 'createCustomer',
    summary: 'Create a customer',
    success: {
      status: 201,
      description:
        'Created; or, for a repeated Idempotency-Key, the first answer again.',
      type: CustomerDto,
      headers: {
        'Idempotent-Replayed': {
          description:
            '`true` when this is the stored answer to an earlier request with the same key.',
          schema: { type: 'string', enum: ['true'] },
        },
      },
    },
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      ...MEMBER_WRITE,
      ...NOT_FOUND.workspace,
      409: 'A live customer of the workspace already has this email.',
      422: 'This Idempotency-Key was used with another body, or `company_id` is not a live company of the workspace.',
    },
  })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId }: WorkspaceParamsDto,
    @Body() body: CreateCustomerDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { customer, replayed } = await this.customers.create(
      user,
      workspaceId,
      body,
      idempotencyKey,
    );
    if (replayed) void reply.header('Idempotent-Replayed', 'true');
    return customer;
  }

  @Get(':id')
  @ApiRoute({
    operationId: 'getCustomer',
    summary: 'Get a customer',
    success: { status: 200, description: 'The customer.', type: CustomerDto },
    problems: {
      ...VALIDATED,
      404: `${NOT_FOUND.liveCustomer[404]} One merged into another says so, with the survivor's id in \`merged_into\`.`,
    },
  })
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, id }: CustomerParamsDto,
  ) {
    return this.customers.get(user, workspaceId, id);
  }

  @Patch(':id')
  @ApiRoute({
    operationId: 'updateCustomer',
    summary: 'Change a customer',
    description:
      'Only the fields sent change; nullable ones clear with `null`.',
    success: {
      status: 200,
      description: 'The customer as it is now.',
      type: CustomerDto,
    },
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      ...MEMBER_WRITE,
      ...NOT_FOUND.liveCustomer,
      409: 'A live customer of the workspace already has this email.',
      422: '`company_id` is not a live company of the workspace.',
    },
  })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, id }: CustomerParamsDto,
    @Body() body: UpdateCustomerDto,
  ) {
    return this.customers.update(user, workspaceId, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiRoute({
    operationId: 'deleteCustomer',
    summary: 'Delete a customer',
    description:
      'Softly: the customer leaves every list, and `restore` brings it back.',
    success: { status: 204, description: 'Deleted.' },
    problems: { ...VALIDATED, ...MEMBER_WRITE, ...NOT_FOUND.liveCustomer },
  })
  remove(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, id }: CustomerParamsDto,
  ) {
    return this.customers.remove(user, workspaceId, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @ApiRoute({
    operationId: 'restoreCustomer',
    summary: 'Restore a deleted customer',
    description:
      'Restoring a live customer changes nothing and answers it as it is.',
    success: {
      status: 200,
      description: 'The customer, live again.',
      type: CustomerDto,
    },
    problems: {
      ...VALIDATED,
      ...MEMBER_WRITE,
      ...NOT_FOUND.customer,
      409: 'A live customer of the workspace now has the same email.',
    },
  })
  restore(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, id }: CustomerParamsDto,
  ) {
    return this.customers.restore(user, workspaceId, id);
  }
}
