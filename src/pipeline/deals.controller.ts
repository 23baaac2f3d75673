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
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { etagOf, versionFromIfMatch } from '../common/etag';
import { ApiRoute } from '../docs/api-route.decorator';
import {
  JSON_BODY,
  MEMBER_WRITE,
  NOT_FOUND,
  VALIDATED,
} from '../docs/problem-presets';
import {
  CustomerParamsDto,
  DealParamsDto,
  WorkspaceParamsDto,
} from '../common/route-params.dto';
import { DealsService } from './deals.service';
import { DealDto, DealPageDto } from './dto/pipeline.dto';
import {
  CreateDealDto,
  ListDealsQueryDto,
  MoveDealDto,
  UpdateDealDto,
} from './dto/pipeline-input.dto';

const ETAG = {
  ETag: {
    description: 'The deal’s version: send it back as `If-Match`.',
    schema: { type: 'string', maxLength: 12, example: '"7"' },
  },
};
const IF_MATCH = (onStale: string) =>
  ApiHeader({
    name: 'If-Match',
    required: false,
    description: `The ETag (version) you last read. ${onStale}`,
    schema: {
      type: 'string',
      maxLength: 16,
      pattern: '^(W/)?"?[0-9]{1,9}"?$|^\\*$',
    },
  });

/** Every answer carrying a deal carries its version as an ETag. */
function withEtag(reply: FastifyReply, deal: DealDto): DealDto {
  void reply.header('ETag', etagOf(deal.version));
  return deal;
}

@ApiTags('deals')
@Controller('workspaces/:workspaceId')
export class DealsController {
  constructor(private readonly deals: DealsService) {}

  @Get('deals')
  @ApiRoute({
    operationId: 'listDeals',
    summary: 'List deals',
    description:
      'Page mode answers with `meta.total` (exact up to 10,000); cursor mode (`cursor` from ' +
      '`meta.next_cursor`) costs the same at any depth.',
    success: { status: 200, description: 'One page.', type: DealPageDto },
    problems: {
      ...VALIDATED,
      ...NOT_FOUND.workspace,
    },
  })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId }: WorkspaceParamsDto,
    @Query() query: ListDealsQueryDto,
  ) {
    return this.deals.list(user, workspaceId, query);
  }

  @Get('customers/:id/deals')
  @ApiRoute({
    operationId: 'listCustomerDeals',
    summary: "List a customer's deals",
    description:
      'A customer that is not the workspace’s answers 404 (a deleted one keeps its deals); ' +
      '`GET deals?customer_id=` filters instead.',
    success: { status: 200, description: 'One page.', type: DealPageDto },
    problems: {
      ...VALIDATED,
      ...NOT_FOUND.customer,
    },
  })
  customerDeals(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, id }: CustomerParamsDto,
    @Query() query: ListDealsQueryDto,
  ) {
    return this.deals.list(user, workspaceId, query, id);
  }

  @Post('deals')
  @ApiRoute({
    operationId: 'createDeal',
    summary: 'Create a deal',
    description: 'It goes to the bottom of its column.',
    success: {
      status: 201,
      description: 'Created.',
      type: DealDto,
      headers: ETAG,
    },
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      ...MEMBER_WRITE,
      ...NOT_FOUND.workspace,
      422: 'A stage, pipeline, customer, company or assignee that is not of this workspace, or a deleted company.',
    },
  })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId }: WorkspaceParamsDto,
    @Body() body: CreateDealDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return withEtag(reply, await this.deals.create(user, workspaceId, body));
  }

  @Get('deals/:dealId')
  @ApiRoute({
    operationId: 'getDeal',
    summary: 'Get a deal',
    success: {
      status: 200,
      description: 'The deal.',
      type: DealDto,
      headers: ETAG,
    },
    problems: { ...VALIDATED, ...NOT_FOUND.liveDeal },
  })
  async get(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, dealId }: DealParamsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return withEtag(reply, await this.deals.get(user, workspaceId, dealId));
  }

  @Patch('deals/:dealId')
  @IF_MATCH('When the deal has changed since, 412: fetch it again.')
  @ApiRoute({
    operationId: 'updateDeal',
    summary: 'Change a deal',
    description:
      'Only the fields sent change; nullable ones clear with `null`. Stages change by moving ' +
      '(POST …/move).',
    success: {
      status: 200,
      description: 'The deal as it is now.',
      type: DealDto,
      headers: ETAG,
    },
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      ...MEMBER_WRITE,
      ...NOT_FOUND.liveDeal,
      412: 'The deal changed since the version in If-Match: fetch it again.',
      422: 'A customer, company or assignee that is not of this workspace, or a deleted company.',
    },
  })
  async update(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, dealId }: DealParamsDto,
    @Body() body: UpdateDealDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return withEtag(
      reply,
      await this.deals.update(
        user,
        workspaceId,
        dealId,
        body,
        versionFromIfMatch(ifMatch),
      ),
    );
  }

  @Post('deals/:dealId/move')
  @HttpCode(200)
  @IF_MATCH('When the deal has changed since, 409.')
  @ApiRoute({
    operationId: 'moveDeal',
    summary: 'Move a deal on the board',
    description:
      'To a stage (its own or another), at the top, or right after `after_id`, or right ' +
      'before `before_id` (with both, between them). One transaction, one card written. When ' +
      'the neighbours are no longer next to each other, or the deal changed since If-Match, ' +
      'the answer is 409: fetch the column again and retry. Moving into a won or lost stage ' +
      'closes the deal; out of one reopens it.',
    success: {
      status: 200,
      description: 'The deal where it is now.',
      type: DealDto,
      headers: ETAG,
    },
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      ...MEMBER_WRITE,
      ...NOT_FOUND.liveDeal,
      409: 'The column or the deal changed since you read it: fetch it again and retry.',
      422: 'stage_id is not a stage of this workspace, or a deal is its own neighbour.',
    },
  })
  async move(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, dealId }: DealParamsDto,
    @Body() body: MoveDealDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return withEtag(
      reply,
      await this.deals.move(
        user,
        workspaceId,
        dealId,
        body,
        versionFromIfMatch(ifMatch),
      ),
    );
  }

  @Delete('deals/:dealId')
  @HttpCode(204)
  @ApiRoute({
    operationId: 'deleteDeal',
    summary: 'Delete a deal',
    description:
      'Softly: it leaves the board and every list; `restore` brings it back.',
    success: { status: 204, description: 'Deleted.' },
    problems: { ...VALIDATED, ...MEMBER_WRITE, ...NOT_FOUND.liveDeal },
  })
  remove(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, dealId }: DealParamsDto,
  ) {
    return this.deals.remove(user, workspaceId, dealId);
  }

  @Post('deals/:dealId/restore')
  @HttpCode(200)
  @ApiRoute({
    operationId: 'restoreDeal',
    summary: 'Restore a deleted deal',
    description: 'It comes back at the bottom of its column.',
    success: {
      status: 200,
      description: 'The deal, live again.',
      type: DealDto,
      headers: ETAG,
    },
    problems: {
      ...VALIDATED,
      ...MEMBER_WRITE,
      ...NOT_FOUND.dealToRestore,
    },
  })
  async restore(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, dealId }: DealParamsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return withEtag(reply, await this.deals.restore(user, workspaceId, dealId));
  }
}
