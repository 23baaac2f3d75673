import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiRoute } from '../docs/api-route.decorator';
import { JSON_BODY, MEMBER_WRITE, VALIDATED } from '../docs/problem-presets';
import {
  CompanyMergeParamsDto,
  CustomerMergeParamsDto,
  MergeDto,
  MergedCompanyDto,
  MergedCustomerDto,
} from './dto/merge.dto';
import { MergesService } from './merges.service';

const ONE_TRANSACTION =
  'In one transaction, both records locked: everything that pointed at the duplicate moves to ' +
  "the survivor, the survivor's empty fields are filled from the duplicate, tags are united " +
  "(the survivor's first, at most 20: the rest are dropped and named on the timeline), the " +
  'duplicate is deleted for good with `merged_into`, and one `merged` entry on the ' +
  "survivor's timeline says what was taken and how many rows moved. Two merges of one pair " +
  'at once end with one survivor: the later one answers 404 with `merged_into`.';

const MERGE_404 =
  'No such workspace (or you are not a member of it), no such live record in it (the ' +
  'survivor or the duplicate: another workspace’s is not in it), or one of them was merged ' +
  'away already (`merged_into` names where it went).';

@ApiTags('customers')
@Controller('workspaces/:workspaceId')
export class MergesController {
  constructor(private readonly merges: MergesService) {}

  @Post('companies/:id/merge')
  @HttpCode(200)
  @ApiRoute({
    operationId: 'mergeCompanies',
    summary: 'Merge a duplicate company into this one',
    description: `Its people, deals and timeline entries move here. ${ONE_TRANSACTION}`,
    success: {
      status: 200,
      description: 'The surviving company, and the counts of rows moved.',
      type: MergedCompanyDto,
    },
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      ...MEMBER_WRITE,
      404: MERGE_404,
      422: 'A company cannot be merged into itself.',
    },
  })
  mergeCompanies(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, id }: CompanyMergeParamsDto,
    @Body() body: MergeDto,
  ) {
    return this.merges.mergeCompanies(user, workspaceId, id, body.duplicate_id);
  }

  @Post('customers/:id/merge')
  @HttpCode(200)
  @ApiRoute({
    operationId: 'mergeCustomers',
    summary: 'Merge a duplicate customer into this one',
    description:
      'Their deals, places on deals (where both are on one, the survivor’s role stays) and ' +
      `timeline entries move here. ${ONE_TRANSACTION}`,
    success: {
      status: 200,
      description: 'The surviving customer, and the counts of rows moved.',
      type: MergedCustomerDto,
    },
    problems: {
      ...VALIDATED,
      ...JSON_BODY,
      ...MEMBER_WRITE,
      404: MERGE_404,
      422: 'A customer cannot be merged into itself.',
    },
  })
  mergeCustomers(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId, id }: CustomerMergeParamsDto,
    @Body() body: MergeDto,
  ) {
    return this.merges.mergeCustomers(user, workspaceId, id, body.duplicate_id);
  }
}
