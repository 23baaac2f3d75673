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
  CompanyParamsDto,
  WorkspaceParamsDto,
} from '../common/route-params.dto';
import { ApiRoute } from '../docs/api-route.decorator';
import {
  JSON_BODY,
  MEMBER_WRITE,
  NOT_FOUND,
  VALIDATED,
} from '../docs/problem-presets';
import { CompaniesService } from './companies.service';
import { CompanyDto, CompanyPageDto } from './dto/company.dto';
import {
  CompanyDealPageDto,
  CompanyPersonPageDto,
} from './dto/company-links.dto';
import { CreateCompanyDto } from './dto/create-company.dto';
import {
  CompanyLinksQueryDto,
  ListCompaniesQueryDto,
} from './dto/list-companies-query.dto';
import { UpdateCompanyDto } from './dto/update-company.dto';

const DOMAIN_TAKEN = 'A live company of the workspace already has this domain.';
const MERGED =
  'A company merged into another answers 404 with `merged_into`, the id of the one it was merged into.';
const PAGES =
  'Page mode (`page`, or neither `page` nor `cursor`) answers with `meta.total`; cursor mode ' +
  '(`cursor` from `meta.next_cursor`) does not, and costs the same at any depth.';

@ApiTags('companies')
@Controller('workspaces/:workspaceId/companies')
export class CompaniesController {
  constructor(private readonly companies: CompaniesService) {}

  @Get()
  @ApiRoute({
    operationId: 'listCompanies',
    summary: 'List companies',
    description: `${PAGES} Page mode reaches 10,000 rows deep. Cursors are opaque and only valid with the filters and sort they came from.`,
    success: { status: 200, description: 'One page.', type: CompanyPageDto },
    problems: { ...VALIDATED, ...NOT_FOUND.workspace },
  })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId }: WorkspaceParamsDto,
    @Query() query: ListCompaniesQueryDto,
  ) {
    return this.companies.list(user, workspaceId, query);
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
    operationId: 'createCompany',
    summary: 'Create a company',
    description:
      '`domain` may be a URL or a host: the registrable domain is stored (`https://www.acme.co.uk/x` → `acme.co.uk`).',
    success: {
      status: 201,
      description:
        'Created; or, for a repeated Idempotency-Key, the first answer again.',
      type: CompanyDto,
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
      409: DOMAIN_TAKEN,
      422: 'This Idempotency-Key was used with another body.',
    },
  })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId }: WorkspaceParamsDto,
    @Body() body: CreateCompanyDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { company, replayed } = await this.companies.create(
      user,
      workspaceId,
      body,
      idempotencyKey,
    );
    if (replayed) void reply.header('Idempotent-Replayed', 'true');
    return company;
  }

  @Get(':id')
  @ApiRoute({
    operationId: 'getCompany',
    summary: 'Get a company',
    description: MERGED,
    success: { status: 200, description: 'The company.', type: CompanyDto },
    problems: { ...VALIDATED, ...NOT_FOUND.liveCompany },
  })
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, id }: CompanyParamsDto,
  ) {
    return this.companies.get(user, workspaceId, id);
  }

  @Patch(':id')
  @ApiRoute({
    operationId: 'updateCompany',
    summary: 'Change a company',
    description:
      'Only the fields sent change; nullable ones clear with `null`. `domain` is reduced as on create.',
    success: {
      status: 200,
      description: 'The company as it is now.',
      type: CompanyDto,
    },
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      ...MEMBER_WRITE,
      ...NOT_FOUND.liveCompany,
      409: DOMAIN_TAKEN,
    },
  })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, id }: CompanyParamsDto,
    @Body() body: UpdateCompanyDto,
  ) {
    return this.companies.update(user, workspaceId, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiRoute({
    operationId: 'deleteCompany',
    summary: 'Delete a company',
    description:
      'Softly: the company leaves every list and `restore` brings it back. Its people and deals keep their link to it.',
    success: { status: 204, description: 'Deleted.' },
    problems: { ...VALIDATED, ...MEMBER_WRITE, ...NOT_FOUND.liveCompany },
  })
  remove(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, id }: CompanyParamsDto,
  ) {
    return this.companies.remove(user, workspaceId, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @ApiRoute({
    operationId: 'restoreCompany',
    summary: 'Restore a deleted company',
    description:
      'Restoring a live company changes nothing and answers it as it is. A company merged into another stays deleted (409).',
    success: {
      status: 200,
      description: 'The company, live again.',
      type: CompanyDto,
    },
    problems: {
      ...VALIDATED,
      ...MEMBER_WRITE,
      ...NOT_FOUND.company,
      409: `The company was merged into another; or: ${DOMAIN_TAKEN}`,
    },
  })
  restore(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, id }: CompanyParamsDto,
  ) {
    return this.companies.restore(user, workspaceId, id);
  }

  @Get(':id/customers')
  @ApiRoute({
    operationId: 'listCompanyCustomers',
    summary: 'The people at a company',
    description: `Its live people, newest first. ${PAGES} ${MERGED}`,
    success: {
      status: 200,
      description: 'One page.',
      type: CompanyPersonPageDto,
    },
    problems: { ...VALIDATED, ...NOT_FOUND.liveCompany },
  })
  people(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, id }: CompanyParamsDto,
    @Query() query: CompanyLinksQueryDto,
  ) {
    return this.companies.people(user, workspaceId, id, query);
  }

  @Get(':id/deals')
  @ApiRoute({
    operationId: 'listCompanyDeals',
    summary: 'The deals with a company',
    description: `Its live deals, newest first. ${PAGES} ${MERGED}`,
    success: {
      status: 200,
      description: 'One page.',
      type: CompanyDealPageDto,
    },
    problems: { ...VALIDATED, ...NOT_FOUND.liveCompany },
  })
  deals(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, id }: CompanyParamsDto,
    @Query() query: CompanyLinksQueryDto,
  ) {
    return this.companies.deals(user, workspaceId, id, query);
  }
}
