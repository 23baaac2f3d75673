import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { WorkspaceParamsDto } from '../common/route-params.dto';
import { ApiRoute } from '../docs/api-route.decorator';
import { NOT_FOUND, VALIDATED } from '../docs/problem-presets';
import { SearchQueryDto } from './dto/search-query.dto';
import { SearchResultDto } from './dto/search-result.dto';
import { SearchService } from './search.service';

@ApiTags('search')
@Controller('workspaces/:workspaceId/search')
export class SearchController {
  constructor(private readonly searches: SearchService) {}

  @Get()
  @ApiRoute({
    operationId: 'searchWorkspace',
    summary: 'Search people, companies and deals',
    description:
      'One search box: live people (name, email, phone), companies (name, domain) and deals ' +
      '(title) holding `q` as a case-insensitive substring, or whose name or title holds a ' +
      'word like it (trigram word similarity); a phone matches by its digits. The best ' +
      '`limit` of each kind (names starting with `q` first), and how many match in all. `q` ' +
      'needs 3 characters besides spaces.',
    success: {
      status: 200,
      description: 'The best matches, by kind.',
      type: SearchResultDto,
    },
    problems: { ...VALIDATED, ...NOT_FOUND.workspace },
  })
  search(
    @CurrentUser() user: AuthenticatedUser,
    @Param() { workspaceId }: WorkspaceParamsDto,
    @Query() query: SearchQueryDto,
  ) {
    return this.searches.search(user, workspaceId, query);
  }
}
