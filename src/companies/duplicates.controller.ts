import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { WorkspaceParamsDto } from '../common/route-params.dto';
import { ApiRoute } from '../docs/api-route.decorator';
import { NOT_FOUND, VALIDATED } from '../docs/problem-presets';
import {
  CompanyDuplicatePageDto,
  CustomerDuplicatePageDto,
} from './dto/duplicate.dto';
import { DuplicatesQueryDto } from './dto/duplicates-query.dto';
import { DuplicatesService } from './duplicates.service';

const PAIRS =
  'Each pair once (the smaller id first), both live and of this workspace, best score first ' +
  '(ties by ids). The pairs are kept as records are written, so a page costs the same in a ' +
  'workspace of any size. Page mode only: a merge or an edit reorders the pairs.';

@ApiTags('companies')
@Controller('workspaces/:workspaceId')
export class DuplicatesController {
  constructor(private readonly duplicates: DuplicatesService) {}

  @Get('companies/duplicates')
  @ApiRoute({
    operationId: 'listCompanyDuplicates',
    summary: 'Candidate duplicate companies',
    description:
      `${PAIRS} Reasons: the same domain, or one a subdomain of the other; names similar by ` +
      'trigram (similarity at least 0.5).',
    success: {
      status: 200,
      description: 'One page of pairs.',
      type: CompanyDuplicatePageDto,
    },
    problems: { ...VALIDATED, ...NOT_FOUND.workspace },
  })
  companies(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId }: WorkspaceParamsDto,
    @Query() query: DuplicatesQueryDto,
  ) {
    return this.duplicates.page(user, 'companies', workspaceId, query);
  }

  @Get('customers/duplicates')
  @ApiRoute({
    operationId: 'listCustomerDuplicates',
    summary: 'Candidate duplicate people',
    description:
      `${PAIRS} Reasons: the same email, case-folded, or the same but for a \`+tag\` in the ` +
      'local part; the same phone in E.164 (numbers written internationally, with `+` or `00`; ' +
      'national numbers are not compared); names similar by trigram (at least 0.6) of people ' +
      'at the same company who share the first or the last word of their names.',
    success: {
      status: 200,
      description: 'One page of pairs.',
      type: CustomerDuplicatePageDto,
    },
    problems: { ...VALIDATED, ...NOT_FOUND.workspace },
  })
  customers(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId }: WorkspaceParamsDto,
    @Query() query: DuplicatesQueryDto,
  ) {
    return this.duplicates.page(user, 'customers', workspaceId, query);
  }
}
