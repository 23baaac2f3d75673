import { HttpException, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { MergedRecordException } from '../common/merged-record.exception';
import { toHttpException, unwrap } from '../database/database-error';
import { SupabaseClientFactory } from '../database/supabase-client.factory';
import type { MergedCompanyDto, MergedCustomerDto } from './dto/merge.dto';

export type MergedTable = 'companies' | 'customers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The merge functions' refusal of a merged-away record names where it went (`detail`). */
const MERGED_AWAY: Record<string, string> = {
  'the company was merged into another':
    'The company was merged into another: merge into that one.',
  'the customer was merged into another':
    'The customer was merged into another: merge into that one.',
  'the duplicate was merged into another':
    'The duplicate was already merged into another record.',
};

/**
 * The only code that builds data API calls for merges. Both run as the caller: the functions
 * check the role, the workspace of both records and lock them (supabase/migrations).
 */
@Injectable()
export class MergesRepository {
  constructor(private readonly clients: SupabaseClientFactory) {}

  /** Whether the workspace has this record (live, deleted or merged away) the caller can see. */
  async exists(
    user: AuthenticatedUser,
    table: MergedTable,
    workspaceId: string,
    id: string,
  ): Promise<boolean> {
    const found = unwrap<{ id: string } | null>(
      await this.clients
        .forUser(user.accessToken)
        .from(table)
        .select('id')
        .eq('workspace_id', workspaceId)
        .eq('id', id)
        .maybeSingle(),
    );
    return found !== null;
  }

  mergeCompanies(
    user: AuthenticatedUser,
    survivorId: string,
    duplicateId: string,
  ): Promise<MergedCompanyDto> {
    return this.merge(user, 'merge_companies', survivorId, duplicateId);
  }

  mergeCustomers(
    user: AuthenticatedUser,
    survivorId: string,
    duplicateId: string,
  ): Promise<MergedCustomerDto> {
    return this.merge(user, 'merge_customers', survivorId, duplicateId);
  }

  private async merge<T>(
    user: AuthenticatedUser,
    fn: 'merge_companies' | 'merge_customers',
    survivorId: string,
    duplicateId: string,
  ): Promise<T> {
    const { data, error, status } = await this.clients
      .forUser(user.accessToken)
      .rpc(fn, { p_survivor_id: survivorId, p_duplicate_id: duplicateId });
    if (error) throw mergeRefusal({ error, status });
    return data as unknown as T;
  }
}

/** A refusal as HTTP; a merged-away record's 404 carries `merged_into`. */
function mergeRefusal(
  failed: Parameters<typeof toHttpException>[0],
): HttpException {
  const { message, details } = failed.error;
  const sentence = message === undefined ? undefined : MERGED_AWAY[message];
  if (
    failed.error.code === 'PT404' &&
    sentence &&
    details &&
    UUID.test(details)
  )
    return new MergedRecordException(sentence, details);
  return toHttpException(failed);
}
