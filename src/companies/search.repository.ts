import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { toHttpException } from '../database/database-error';
import { SupabaseClientFactory } from '../database/supabase-client.factory';
import type { SearchResultDto } from './dto/search-result.dto';

/**
 * The only code that searches a workspace: one function in the database (a definer, so that
 * trigram indexes serve it; NOTES.md), as the caller. The text travels as an argument.
 */
@Injectable()
export class SearchRepository {
  constructor(private readonly clients: SupabaseClientFactory) {}

  async search(
    user: AuthenticatedUser,
    workspaceId: string,
    query: string,
    limit: number,
  ): Promise<SearchResultDto> {
    const { data, error, status } = await this.clients
      .forUser(user.accessToken)
      .rpc('search_workspace', {
        p_workspace_id: workspaceId,
        p_query: query,
        p_limit: limit,
      });
    if (error) throw toHttpException({ error, status });
    return data as unknown as SearchResultDto;
  }
}
