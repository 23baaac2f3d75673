import { BadRequestException, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { pageSize } from '../common/list-page';
import type { SearchResultDto } from './dto/search-result.dto';
import { MIN_SEARCH_LENGTH, type SearchQueryDto } from './dto/search-query.dto';
import { SearchRepository } from './search.repository';

@Injectable()
export class SearchService {
  constructor(private readonly searches: SearchRepository) {}

  /** The best few people, companies and deals holding `q`; a text under 3 characters is a 400. */
  search(
    user: AuthenticatedUser,
    workspaceId: string,
    query: SearchQueryDto,
  ): Promise<SearchResultDto> {
    // As the database trims it: the length that counts is the one left.
    const text = query.q.trim();
    if (text.length < MIN_SEARCH_LENGTH) {
      throw new BadRequestException(
        `q must be at least ${MIN_SEARCH_LENGTH} characters besides spaces`,
      );
    }
    return this.searches.search(
      user,
      workspaceId,
      text,
      pageSize('search', query.limit),
    );
  }
}
