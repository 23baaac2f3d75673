import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import {
  type ListRead,
  type PageResult,
  pagingArgs,
} from '../common/list-page';
import { unwrap } from '../database/database-error';
import { SupabaseClientFactory } from '../database/supabase-client.factory';
import type { DealDto } from './dto/pipeline.dto';
import type { CreateDealDto, UpdateDealDto } from './dto/pipeline-input.dto';
import type { StageKind } from './pipeline.constants';

/** The company is embedded over the composite foreign key, as list_deals embeds it. */
const DEAL_COLUMNS =
  'id, workspace_id, pipeline_id, stage_id, position, title, customer_id, company_id, company:companies!deals_company_fkey(id, name, domain), amount, currency, expected_close_date, assignee_id, closed_at, created_by, created_at, updated_at, deleted_at, version';

export interface DealListQuery extends ListRead<
  'created_at' | 'updated_at' | 'title' | 'amount'
> {
  pipelineId?: string;
  stageId?: string;
  assigneeId?: string;
  customerId?: string;
  amountMin?: number;
  amountMax?: number;
  closeFrom?: string;
  closeTo?: string;
  status?: StageKind;
  search?: string;
}

export type DealListPage = PageResult<DealDto>;

/**
 * The only code that builds data API queries for deals. Every query runs as the caller and names
 * the workspace; the database's policies and functions decide.
 */
@Injectable()
export class DealsRepository {
  constructor(private readonly clients: SupabaseClientFactory) {}

  private db(user: AuthenticatedUser) {
    return this.clients.forUser(user.accessToken);
  }

  async listDeals(
    user: AuthenticatedUser,
    workspaceId: string,
    query: DealListQuery,
  ): Promise<DealListPage> {
    return unwrap(
      await this.db(user).rpc('list_deals', {
        p_workspace_id: workspaceId,
        p_pipeline_id: query.pipelineId,
        p_stage_id: query.stageId,
        p_assignee_id: query.assigneeId,
        p_customer_id: query.customerId,
        p_amount_min: query.amountMin,
        p_amount_max: query.amountMax,
        p_close_from: query.closeFrom,
        p_close_to: query.closeTo,
        p_status: query.status,
        p_search: query.search,
        ...pagingArgs(query),
      }),
    );
  }

  /** Whether the workspace has this customer, deleted or not (its deals stay listed). */
  async hasCustomer(
    user: AuthenticatedUser,
    workspaceId: string,
    customerId: string,
  ): Promise<boolean> {
    const found = unwrap(
      await this.db(user)
        .from('customers')
        .select('id')
        .eq('workspace_id', workspaceId)
        .eq('id', customerId)
        .maybeSingle(),
    );
    return found !== null;
  }

  async deal(
    user: AuthenticatedUser,
    workspaceId: string,
    dealId: string,
    live = true,
  ): Promise<DealDto | null> {
    let query = this.db(user)
      .from('deals')
      .select(DEAL_COLUMNS)
      .eq('workspace_id', workspaceId)
      .eq('id', dealId);
    if (live) query = query.is('deleted_at', null);
    return unwrap(await query.maybeSingle());
  }

  async createDeal(
    user: AuthenticatedUser,
    workspaceId: string,
    deal: CreateDealDto & { pipeline_id: string; stage_id: string },
  ): Promise<DealDto> {
    return unwrap(
      await this.db(user)
        .from('deals')
        .insert({ ...deal, workspace_id: workspaceId } as never)
        .select(DEAL_COLUMNS)
        .single(),
    );
  }

  /** Writes a live deal (at `version`, when given); null when nothing matched. */
  async updateDeal(
    user: AuthenticatedUser,
    workspaceId: string,
    dealId: string,
    changes: UpdateDealDto | { deleted_at: string },
    version?: number,
  ): Promise<DealDto | null> {
    let query = this.db(user)
      .from('deals')
      .update(changes)
      .eq('workspace_id', workspaceId)
      .eq('id', dealId)
      .is('deleted_at', null);
    if (version !== undefined) query = query.eq('version', version);
    return unwrap(await query.select(DEAL_COLUMNS).maybeSingle());
  }

  async restoreDeal(
    user: AuthenticatedUser,
    workspaceId: string,
    dealId: string,
  ): Promise<DealDto | null> {
    return unwrap(
      await this.db(user)
        .from('deals')
        .update({ deleted_at: null })
        .eq('workspace_id', workspaceId)
        .eq('id', dealId)
        .not('deleted_at', 'is', null)
        .select(DEAL_COLUMNS)
        .maybeSingle(),
    );
  }

  async moveDeal(
    user: AuthenticatedUser,
    workspaceId: string,
    dealId: string,
    move: {
      stage_id: string;
      after_id?: string;
      before_id?: string;
      version?: number;
    },
  ): Promise<DealDto> {
    return unwrap(
      await this.db(user).rpc('move_deal', {
        p_workspace_id: workspaceId,
        p_deal_id: dealId,
        p_stage_id: move.stage_id,
        p_after_id: move.after_id,
        p_before_id: move.before_id,
        p_version: move.version,
      }),
    );
  }
}
