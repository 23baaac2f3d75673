import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { IdempotencyClaim } from '../common/idempotency-key';
import { toHttpException } from '../database/database-error';
import { SupabaseClientFactory } from '../database/supabase-client.factory';
import type { CustomerDto } from './dto/customer.dto';
import type { CreateCustomerDto } from './dto/create-customer.dto';
import type { UpdateCustomerDto } from './dto/update-customer.dto';
import type { Json } from '../database/database.types';
import {
  type ListRead,
  type PageResult,
  pagingArgs,
} from '../common/list-page';
import type { CustomerStatus } from './customer.constants';

export interface CustomerListQuery extends ListRead<
  'created_at' | 'updated_at' | 'name'
> {
  status?: CustomerStatus[];
  tag?: string;
  companyId?: string;
  createdFrom?: string;
  createdTo?: string;
  search?: string;
}

export type CustomerListPage = PageResult<CustomerDto>;

/** The company is embedded over the composite foreign key, as the list functions embed it. */
const COLUMNS =
  'id, workspace_id, created_by, name, email, phone, company_id, company:companies!customers_company_fkey(id, name, domain), status, tags, notes, created_at, updated_at, deleted_at';

/**
 * The only code that builds data API queries for customers. Every query runs as the caller
 * (their JWT), so Row Level Security applies, and names the workspace explicitly (RLS still
 * guards it); ids are validated UUIDs and every other value travels as a parameter, never as
 * PostgREST filter syntax.
 */
@Injectable()
export class CustomersRepository {
  constructor(private readonly clients: SupabaseClientFactory) {}

  /** The customers table as the caller sees it through RLS. */
  private table(user: AuthenticatedUser) {
    return this.clients.forUser(user.accessToken).from('customers');
  }

  async list(
    user: AuthenticatedUser,
    workspaceId: string,
    query: CustomerListQuery,
  ): Promise<CustomerListPage> {
    const { data, error, status } = await this.clients
      .forUser(user.accessToken)
      .rpc('list_customers', {
        p_workspace_id: workspaceId,
        p_status: query.status,
        p_tag: query.tag,
        p_company_id: query.companyId,
        p_created_from: query.createdFrom,
        p_created_to: query.createdTo,
        p_search: query.search,
        ...pagingArgs(query),
      });
    if (error) throw toHttpException({ error, status });
    return data as unknown as CustomerListPage;
  }

  async findLive(
    user: AuthenticatedUser,
    workspaceId: string,
    id: string,
  ): Promise<CustomerDto | null> {
    const { data, error, status } = await this.table(user)
      .select(COLUMNS)
      .eq('workspace_id', workspaceId)
      .eq('id', id)
      .is('deleted_at', null)
      .maybeSingle();
    if (error) throw toHttpException({ error, status });
    return data as CustomerDto | null;
  }

  /** The customer `id` was merged into, when it was merged away; null otherwise. */
  async mergedInto(
    user: AuthenticatedUser,
    workspaceId: string,
    id: string,
  ): Promise<string | null> {
    const { data, error, status } = await this.table(user)
      .select('merged_into')
      .eq('workspace_id', workspaceId)
      .eq('id', id)
      .not('merged_into', 'is', null)
      .maybeSingle();
    if (error) throw toHttpException({ error, status });
    return data?.merged_into ?? null;
  }

  /**
   * Creates in one transaction with the Idempotency-Key, if any: a repeated key replays the
   * first answer (`replayed`), a key reused with another request is a 422.
   */
  async create(
    user: AuthenticatedUser,
    workspaceId: string,
    input: CreateCustomerDto,
    idempotency?: IdempotencyClaim,
  ): Promise<{ customer: CustomerDto; replayed: boolean }> {
    const { data, error, status } = await this.clients
      .forUser(user.accessToken)
      .rpc('create_customer', {
        p_workspace_id: workspaceId,
        p_customer: input as unknown as Json,
        p_idempotency_key: idempotency?.key,
        p_request_hash: idempotency?.requestHash,
      });
    if (error) throw toHttpException({ error, status });
    return data as unknown as { customer: CustomerDto; replayed: boolean };
  }

  async updateLive(
    user: AuthenticatedUser,
    workspaceId: string,
    id: string,
    changes: UpdateCustomerDto | { deleted_at: string },
  ): Promise<CustomerDto | null> {
    const { data, error, status } = await this.table(user)
      .update(changes)
      .eq('workspace_id', workspaceId)
      .eq('id', id)
      .is('deleted_at', null)
      .select(COLUMNS)
      .maybeSingle();
    if (error) throw toHttpException({ error, status });
    return data as CustomerDto | null;
  }

  async restoreDeleted(
    user: AuthenticatedUser,
    workspaceId: string,
    id: string,
  ): Promise<CustomerDto | null> {
    const { data, error, status } = await this.table(user)
      .update({ deleted_at: null })
      .eq('workspace_id', workspaceId)
      .eq('id', id)
      .not('deleted_at', 'is', null)
      .select(COLUMNS)
      .maybeSingle();
    if (error) throw toHttpException({ error, status });
    return data as CustomerDto | null;
  }
}
