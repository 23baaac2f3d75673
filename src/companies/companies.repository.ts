import { ConflictException, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { IdempotencyClaim } from '../common/idempotency-key';
import { type FailedCall, unwrap } from '../database/database-error';
import { SupabaseClientFactory } from '../database/supabase-client.factory';
import type { Json } from '../database/database.types';
import type { CursorPosition } from '../common/list-cursor';
import {
  type ListRead,
  type PageResult,
  pagingArgs,
} from '../common/list-page';
import type { CompanyDto } from './dto/company.dto';
import type { CompanyDealDto, CompanyPersonDto } from './dto/company-links.dto';
import type { CreateCompanyDto } from './dto/create-company.dto';
import type { UpdateCompanyDto } from './dto/update-company.dto';

export interface CompanyListQuery extends ListRead<
  'created_at' | 'updated_at' | 'name'
> {
  tag?: string;
  industries?: string[];
  countries?: string[];
  search?: string;
}

/** A window of a company's people or deals, newest first. */
export interface LinkWindow {
  limit: number;
  offset: number;
  after?: CursorPosition;
  withTotal: boolean;
}

const COLUMNS =
  'id, workspace_id, name, domain, industry, employees, country, city, phone, tags, notes, created_by, created_at, updated_at, deleted_at';
const PERSON_COLUMNS =
  'id, workspace_id, company_id, name, email, phone, status, tags, created_at, updated_at';
const DEAL_COLUMNS =
  'id, workspace_id, company_id, pipeline_id, stage_id, title, customer_id, amount, currency, expected_close_date, assignee_id, closed_at, created_at, updated_at';

/** A value inside a PostgREST logic tree, quoted: it cannot end the value or add a filter. */
const quoted = (value: string) =>
  `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

/**
 * A write's answer; two writes racing for one live domain meet the unique index (23505) after
 * the trigger that names the rule let both pass: the same sentence then.
 */
function written<T>(answer: {
  data: unknown;
  error: FailedCall['error'] | null;
  status: number;
}): T {
  if (answer.error?.code === '23505')
    throw new ConflictException(
      'A live company of this workspace already has this domain.',
      { cause: { ...answer.error, status: answer.status } },
    );
  return unwrap<T>(answer);
}

/**
 * The only code that builds data API queries for companies. Every query runs as the caller
 * (their JWT), so Row Level Security applies, and names the workspace explicitly (RLS still
 * guards it); ids are validated UUIDs and every other value travels as a parameter.
 */
@Injectable()
export class CompaniesRepository {
  constructor(private readonly clients: SupabaseClientFactory) {}

  private db(user: AuthenticatedUser) {
    return this.clients.forUser(user.accessToken);
  }

  async list(
    user: AuthenticatedUser,
    workspaceId: string,
    query: CompanyListQuery,
  ): Promise<PageResult<CompanyDto>> {
    return unwrap(
      await this.db(user).rpc('list_companies', {
        p_workspace_id: workspaceId,
        p_tag: query.tag,
        p_industries: query.industries,
        p_countries: query.countries,
        p_search: query.search,
        ...pagingArgs(query),
      }),
    );
  }

  /** A company of the workspace, live or deleted, with where it was merged to (if it was). */
  async find(
    user: AuthenticatedUser,
    workspaceId: string,
    id: string,
  ): Promise<(CompanyDto & { merged_into: string | null }) | null> {
    return unwrap(
      await this.db(user)
        .from('companies')
        .select(`${COLUMNS}, merged_into`)
        .eq('workspace_id', workspaceId)
        .eq('id', id)
        .maybeSingle(),
    );
  }

  /** Creates in one transaction with the Idempotency-Key, if any (see create_customer). */
  async create(
    user: AuthenticatedUser,
    workspaceId: string,
    input: CreateCompanyDto,
    idempotency?: IdempotencyClaim,
  ): Promise<{ company: CompanyDto; replayed: boolean }> {
    return written(
      await this.db(user).rpc('create_company', {
        p_workspace_id: workspaceId,
        p_company: input as unknown as Json,
        p_idempotency_key: idempotency?.key,
        p_request_hash: idempotency?.requestHash,
      }),
    );
  }

  async updateLive(
    user: AuthenticatedUser,
    workspaceId: string,
    id: string,
    changes: UpdateCompanyDto | { deleted_at: string },
  ): Promise<CompanyDto | null> {
    return written(
      await this.db(user)
        .from('companies')
        .update(changes)
        .eq('workspace_id', workspaceId)
        .eq('id', id)
        .is('deleted_at', null)
        .select(COLUMNS)
        .maybeSingle(),
    );
  }

  async restoreDeleted(
    user: AuthenticatedUser,
    workspaceId: string,
    id: string,
  ): Promise<CompanyDto | null> {
    return written(
      await this.db(user)
        .from('companies')
        .update({ deleted_at: null })
        .eq('workspace_id', workspaceId)
        .eq('id', id)
        .not('deleted_at', 'is', null)
        .select(COLUMNS)
        .maybeSingle(),
    );
  }

  /** The company's live people, newest first. */
  people(
    user: AuthenticatedUser,
    workspaceId: string,
    companyId: string,
    window: LinkWindow,
  ): Promise<PageResult<CompanyPersonDto>> {
    return this.links(
      user,
      'customers',
      PERSON_COLUMNS,
      workspaceId,
      companyId,
      window,
    );
  }

  /** The company's live deals, newest first. */
  deals(
    user: AuthenticatedUser,
    workspaceId: string,
    companyId: string,
    window: LinkWindow,
  ): Promise<PageResult<CompanyDealDto>> {
    return this.links(
      user,
      'deals',
      DEAL_COLUMNS,
      workspaceId,
      companyId,
      window,
    );
  }

  private async links<Row>(
    user: AuthenticatedUser,
    table: 'customers' | 'deals',
    columns: string,
    workspaceId: string,
    companyId: string,
    window: LinkWindow,
  ): Promise<PageResult<Row>> {
    let query = this.db(user)
      .from(table)
      .select(columns, window.withTotal ? { count: 'exact' } : undefined)
      .eq('workspace_id', workspaceId)
      .eq('company_id', companyId)
      .is('deleted_at', null);
    if (window.after) {
      const at = quoted(window.after.value);
      query = query.or(
        `created_at.lt.${at},and(created_at.eq.${at},id.lt.${quoted(window.after.id)})`,
      );
    }
    // One row more than asked tells whether another page follows.
    const { data, error, status, count } = await query
      .order('created_at', { ascending: false })
      .order('id', { ascending: false })
      .range(window.offset, window.offset + window.limit);
    const rows = unwrap<Row[]>({ data, error, status });
    const hasMore = rows.length > window.limit;
    return {
      data: hasMore ? rows.slice(0, window.limit) : rows,
      has_more: hasMore,
      total: count,
      total_exact: true,
    };
  }
}
