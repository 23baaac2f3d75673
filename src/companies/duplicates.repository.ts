import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { PageResult } from '../common/list-page';
import { toHttpException } from '../database/database-error';
import { SupabaseClientFactory } from '../database/supabase-client.factory';
import type {
  CompanyDuplicateDto,
  CustomerDuplicateDto,
} from './dto/duplicate.dto';

/** Which records' pairs: each has its list function in the database. */
export type DuplicateKind = 'companies' | 'customers';

export interface DuplicateRow {
  companies: CompanyDuplicateDto;
  customers: CustomerDuplicateDto;
}

const FUNCTIONS = {
  companies: 'list_company_duplicates',
  customers: 'list_customer_duplicates',
} as const;

/** The only code that reads candidate duplicates: the kept pairs, as the caller (their JWT). */
@Injectable()
export class DuplicatesRepository {
  constructor(private readonly clients: SupabaseClientFactory) {}

  async page<Kind extends DuplicateKind>(
    user: AuthenticatedUser,
    kind: Kind,
    workspaceId: string,
    window: { limit: number; offset: number },
  ): Promise<PageResult<DuplicateRow[Kind]>> {
    const { data, error, status } = await this.clients
      .forUser(user.accessToken)
      .rpc(FUNCTIONS[kind], {
        p_workspace_id: workspaceId,
        p_limit: window.limit,
        p_offset: window.offset,
        p_with_total: true,
      });
    if (error) throw toHttpException({ error, status });
    return data as unknown as PageResult<DuplicateRow[Kind]>;
  }
}
