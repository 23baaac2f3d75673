import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { unwrap } from '../database/database-error';
import { SupabaseClientFactory } from '../database/supabase-client.factory';
import type {
  AcceptedInvitationDto,
  CreatedInvitationDto,
  InvitationDto,
  MemberDto,
  WorkspaceDto,
} from './dto/workspace.dto';
import type { WorkspaceRole } from './workspace.constants';

const WORKSPACE_COLUMNS = 'id, name, personal, default_currency, created_at';
const INVITATION_COLUMNS =
  'id, workspace_id, email, role, invited_by, created_at, expires_at';

/**
 * The only code that builds data API queries for workspaces, members and invitations. Every
 * query runs as the caller, so the database's policies and functions decide.
 */
@Injectable()
export class WorkspacesRepository {
  constructor(private readonly clients: SupabaseClientFactory) {}

  private db(user: AuthenticatedUser) {
    return this.clients.forUser(user.accessToken);
  }

  /** The caller's role in a workspace, or null when they are not a member. */
  async roleOf(
    user: AuthenticatedUser,
    workspaceId: string,
  ): Promise<WorkspaceRole | null> {
    const row = unwrap<{ role: WorkspaceRole } | null>(
      await this.db(user)
        .from('workspace_members')
        .select('role')
        .eq('workspace_id', workspaceId)
        .eq('user_id', user.id)
        .maybeSingle(),
    );
    return row?.role ?? null;
  }

  async list(user: AuthenticatedUser): Promise<WorkspaceDto[]> {
    const rows = unwrap<
      { role: WorkspaceRole; workspace: Omit<WorkspaceDto, 'role'> }[]
    >(
      await this.db(user)
        .from('workspace_members')
        .select(`role, workspace:workspaces(${WORKSPACE_COLUMNS})`)
        .eq('user_id', user.id)
        .order('joined_at'),
    );
    return rows.map(({ role, workspace }) => ({ ...workspace, role }));
  }

  async find(
    user: AuthenticatedUser,
    workspaceId: string,
  ): Promise<Omit<WorkspaceDto, 'role'> | null> {
    return unwrap(
      await this.db(user)
        .from('workspaces')
        .select(WORKSPACE_COLUMNS)
        .eq('id', workspaceId)
        .maybeSingle(),
    );
  }

  async create(user: AuthenticatedUser, name: string): Promise<WorkspaceDto> {
    return unwrap(
      await this.db(user).rpc('create_workspace', { p_name: name }),
    );
  }

  /** Renames or sets the currency; null when the caller may not (or there is no such workspace). */
  async update(
    user: AuthenticatedUser,
    workspaceId: string,
    changes: { name?: string; default_currency?: string },
  ): Promise<Omit<WorkspaceDto, 'role'> | null> {
    return unwrap(
      await this.db(user)
        .from('workspaces')
        .update(changes)
        .eq('id', workspaceId)
        .select(WORKSPACE_COLUMNS)
        .maybeSingle(),
    );
  }

  /** Deletes; false when the caller may not (or there is no such workspace). */
  async delete(user: AuthenticatedUser, workspaceId: string): Promise<boolean> {
    const rows = unwrap<{ id: string }[]>(
      await this.db(user)
        .from('workspaces')
        .delete()
        .eq('id', workspaceId)
        .select('id'),
    );
    return rows.length > 0;
  }

  async members(
    user: AuthenticatedUser,
    workspaceId: string,
  ): Promise<MemberDto[]> {
    return unwrap(
      await this.db(user).rpc('list_workspace_members', {
        p_workspace_id: workspaceId,
      }),
    );
  }

  /** Changes a role; null when no membership the caller may change matched. */
  async setRole(
    user: AuthenticatedUser,
    workspaceId: string,
    userId: string,
    role: WorkspaceRole,
  ): Promise<Omit<MemberDto, 'email'> | null> {
    const answer = await this.db(user)
      .from('workspace_members')
      .update({ role })
      .eq('workspace_id', workspaceId)
      .eq('user_id', userId)
      .select('user_id, role, joined_at')
      .maybeSingle();
    // The policy refusing the new row (an admin making an owner) changed nothing: the service
    // names the rule, as for a row the policy hides.
    if (
      answer.error?.code === '42501' &&
      answer.error.message.includes('row-level security')
    )
      return null;
    return unwrap(answer);
  }

  /** Removes a member; false when no membership the caller may remove matched. */
  async removeMember(
    user: AuthenticatedUser,
    workspaceId: string,
    userId: string,
  ): Promise<boolean> {
    const rows = unwrap<{ user_id: string }[]>(
      await this.db(user)
        .from('workspace_members')
        .delete()
        .eq('workspace_id', workspaceId)
        .eq('user_id', userId)
        .select('user_id'),
    );
    return rows.length > 0;
  }

  async invite(
    user: AuthenticatedUser,
    workspaceId: string,
    email: string,
    role: WorkspaceRole,
  ): Promise<CreatedInvitationDto> {
    return unwrap(
      await this.db(user).rpc('create_invitation', {
        p_workspace_id: workspaceId,
        p_email: email,
        p_role: role,
      }),
    );
  }

  /** Invitations not yet accepted, revoked or expired. */
  async pendingInvitations(
    user: AuthenticatedUser,
    workspaceId: string,
  ): Promise<InvitationDto[]> {
    return unwrap(
      await this.db(user)
        .from('workspace_invitations')
        .select(INVITATION_COLUMNS)
        .eq('workspace_id', workspaceId)
        .is('accepted_at', null)
        .is('revoked_at', null)
        .gt('expires_at', new Date().toISOString())
        .order('created_at', { ascending: false })
        .limit(1000),
    );
  }

  /** Revokes; false when no invitation the caller may revoke matched. */
  async revokeInvitation(
    user: AuthenticatedUser,
    workspaceId: string,
    invitationId: string,
  ): Promise<boolean> {
    const rows = unwrap<{ id: string }[]>(
      await this.db(user)
        .from('workspace_invitations')
        .update({ revoked_at: new Date().toISOString() })
        .eq('workspace_id', workspaceId)
        .eq('id', invitationId)
        .select('id'),
    );
    return rows.length > 0;
  }

  async accept(
    user: AuthenticatedUser,
    token: string,
  ): Promise<AcceptedInvitationDto> {
    return unwrap(
      await this.db(user).rpc('accept_invitation', { p_token: token }),
    );
  }
}
