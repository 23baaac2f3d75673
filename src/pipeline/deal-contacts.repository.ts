import { ConflictException, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { toHttpException, unwrap } from '../database/database-error';
import { SupabaseClientFactory } from '../database/supabase-client.factory';
import type { AddDealContactDto, DealContactDto } from './dto/deal-contact.dto';
import { DEAL_CONTACTS_MAX, type DealContactRole } from './pipeline.constants';

/** The contact and the person, embedded through the (workspace_id, customer_id) key. */
const COLUMNS =
  'deal_id, customer_id, role, created_by, created_at, updated_at, customer:customers!inner(id, name, email)';

/**
 * The only code that builds data API queries for deal contacts. Every query runs as the caller
 * and names the workspace; policies, keys and deal_contacts_before_write decide (the deal and
 * the person live and of the workspace, at most 100 per deal), and a trigger writes the deal's
 * timeline entry.
 */
@Injectable()
export class DealContactsRepository {
  constructor(private readonly clients: SupabaseClientFactory) {}

  private table(user: AuthenticatedUser) {
    return this.clients.forUser(user.accessToken).from('deal_contacts');
  }

  /** Whether the workspace has this deal, live. */
  async hasLiveDeal(
    user: AuthenticatedUser,
    workspaceId: string,
    dealId: string,
  ): Promise<boolean> {
    const found = unwrap<{ id: string } | null>(
      await this.clients
        .forUser(user.accessToken)
        .from('deals')
        .select('id')
        .eq('workspace_id', workspaceId)
        .eq('id', dealId)
        .is('deleted_at', null)
        .maybeSingle(),
    );
    return found !== null;
  }

  /** The live people on a deal, earliest first. */
  async list(
    user: AuthenticatedUser,
    workspaceId: string,
    dealId: string,
  ): Promise<DealContactDto[]> {
    return unwrap(
      await this.table(user)
        .select(COLUMNS)
        .eq('workspace_id', workspaceId)
        .eq('deal_id', dealId)
        .is('customer.deleted_at', null)
        .order('created_at')
        .order('customer_id')
        .limit(DEAL_CONTACTS_MAX),
    );
  }

  async add(
    user: AuthenticatedUser,
    workspaceId: string,
    dealId: string,
    input: AddDealContactDto,
  ): Promise<DealContactDto> {
    const { data, error, status } = await this.table(user)
      .insert({
        workspace_id: workspaceId,
        deal_id: dealId,
        customer_id: input.customer_id,
        role: input.role,
      })
      .select(COLUMNS)
      .single();
    if (error?.code === '23505')
      throw new ConflictException('This customer is already on the deal.', {
        cause: { ...error, status },
      });
    if (error) throw toHttpException({ error, status });
    return data;
  }

  async setRole(
    user: AuthenticatedUser,
    workspaceId: string,
    dealId: string,
    customerId: string,
    role: DealContactRole,
  ): Promise<DealContactDto | null> {
    return unwrap(
      await this.table(user)
        .update({ role })
        .eq('workspace_id', workspaceId)
        .eq('deal_id', dealId)
        .eq('customer_id', customerId)
        .select(COLUMNS)
        .maybeSingle(),
    );
  }

  /** Whether a row went. */
  async remove(
    user: AuthenticatedUser,
    workspaceId: string,
    dealId: string,
    customerId: string,
  ): Promise<boolean> {
    const gone = unwrap<{ customer_id: string }[]>(
      await this.table(user)
        .delete()
        .eq('workspace_id', workspaceId)
        .eq('deal_id', dealId)
        .eq('customer_id', customerId)
        .select('customer_id'),
    );
    return gone.length > 0;
  }
}
