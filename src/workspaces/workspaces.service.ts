import {
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { requireChanges } from '../common/require-changes';
import type {
  AcceptedInvitationDto,
  CreatedInvitationDto,
  InvitationDto,
  MemberDto,
  WorkspaceDto,
} from './dto/workspace.dto';
import { type WorkspaceRole, roleIncludes } from './workspace.constants';
import { WorkspacesRepository } from './workspaces.repository';

export const noSuchWorkspace = () =>
  new NotFoundException('No such workspace.');

const notAllowed = () =>
  new ForbiddenException('Your role in this workspace does not allow this.');

/**
 * Workspaces, members and invitations. The database decides who may do what; this service only
 * turns "nothing changed" into the right answer: 404 to a non-member (as if the workspace did
 * not exist), 403 to a member whose role is too low.
 */
@Injectable()
export class WorkspacesService {
  constructor(private readonly workspaces: WorkspacesRepository) {}

  /** The caller's role, if it includes `needed`: 404 to a non-member, 403 below `needed`. */
  async requireRole(
    user: AuthenticatedUser,
    workspaceId: string,
    needed: WorkspaceRole,
  ): Promise<WorkspaceRole> {
    const role = await this.workspaces.roleOf(user, workspaceId);
    if (!role) throw noSuchWorkspace();
    if (!roleIncludes(role, needed)) throw notAllowed();
    return role;
  }

  /**
   * The answer when a read or write found no row: the same statement finds nothing whether the
   * caller is not a member (404, as if the workspace did not exist), has a role below `needed`
   * (403), or the row is not there (`otherwise()`, for the caller to throw). The first two are
   * thrown; the last is returned, so call sites read `throw await whyNothingMatched(...)`.
   */
  async whyNothingMatched(
    user: AuthenticatedUser,
    workspaceId: string,
    needed: WorkspaceRole,
    otherwise: () => Error,
  ): Promise<Error> {
    await this.requireRole(user, workspaceId, needed);
    return otherwise();
  }

  list(user: AuthenticatedUser): Promise<WorkspaceDto[]> {
    return this.workspaces.list(user);
  }

  create(user: AuthenticatedUser, name: string): Promise<WorkspaceDto> {
    return this.workspaces.create(user, name);
  }

  async get(
    user: AuthenticatedUser,
    workspaceId: string,
  ): Promise<WorkspaceDto> {
    const [workspace, role] = await Promise.all([
      this.workspaces.find(user, workspaceId),
      this.workspaces.roleOf(user, workspaceId),
    ]);
    if (!workspace || !role) throw noSuchWorkspace();
    return { ...workspace, role };
  }

  /** Renames it or sets its default currency: admins and owners, as workspaces_update holds. */
  async update(
    user: AuthenticatedUser,
    workspaceId: string,
    changes: { name?: string; default_currency?: string },
  ): Promise<WorkspaceDto> {
    requireChanges(changes);
    const updated = await this.workspaces.update(user, workspaceId, changes);
    if (!updated)
      throw await this.whyNothingMatched(
        user,
        workspaceId,
        'admin',
        noSuchWorkspace,
      );
    return this.get(user, workspaceId);
  }

  async delete(user: AuthenticatedUser, workspaceId: string): Promise<void> {
    if (await this.workspaces.delete(user, workspaceId)) return;
    throw await this.whyNothingMatched(
      user,
      workspaceId,
      'owner',
      () => new ConflictException('A personal workspace cannot be deleted.'),
    );
  }

  async members(
    user: AuthenticatedUser,
    workspaceId: string,
  ): Promise<MemberDto[]> {
    return this.workspaces.members(user, workspaceId);
  }

  async setRole(
    user: AuthenticatedUser,
    workspaceId: string,
    userId: string,
    role: WorkspaceRole,
  ): Promise<MemberDto> {
    const changed = await this.workspaces.setRole(
      user,
      workspaceId,
      userId,
      role,
    );
    if (changed) {
      const members = await this.workspaces.members(user, workspaceId);
      return (
        members.find((m) => m.user_id === userId) ?? { ...changed, email: null }
      );
    }
    throw await this.whyNotChanged(user, workspaceId, userId, role);
  }

  async removeMember(
    user: AuthenticatedUser,
    workspaceId: string,
    userId: string,
  ): Promise<void> {
    if (await this.workspaces.removeMember(user, workspaceId, userId)) return;
    // Leaving is everyone's right; removing someone else takes an admin (an owner for owners).
    if (userId === user.id) {
      throw (await this.workspaces.roleOf(user, workspaceId))
        ? notAllowed()
        : noSuchWorkspace();
    }
    throw await this.whyNotChanged(user, workspaceId, userId);
  }

  async invite(
    user: AuthenticatedUser,
    workspaceId: string,
    email: string,
    role: WorkspaceRole,
  ): Promise<CreatedInvitationDto> {
    return this.workspaces.invite(user, workspaceId, email, role);
  }

  async pendingInvitations(
    user: AuthenticatedUser,
    workspaceId: string,
  ): Promise<InvitationDto[]> {
    const invitations = await this.workspaces.pendingInvitations(
      user,
      workspaceId,
    );
    // Nothing visible: fine for an admin, a 404 or 403 for anyone else.
    if (invitations.length === 0)
      await this.requireRole(user, workspaceId, 'admin');
    return invitations;
  }

  async revokeInvitation(
    user: AuthenticatedUser,
    workspaceId: string,
    invitationId: string,
  ): Promise<void> {
    if (await this.workspaces.revokeInvitation(user, workspaceId, invitationId))
      return;
    throw await this.whyNothingMatched(
      user,
      workspaceId,
      'admin',
      () =>
        new NotFoundException(
          'No such pending invitation, or not one you may revoke.',
        ),
    );
  }

  accept(
    user: AuthenticatedUser,
    token: string,
  ): Promise<AcceptedInvitationDto> {
    return this.workspaces.accept(user, token);
  }

  /** A role change or removal matched nothing: why. */
  private async whyNotChanged(
    user: AuthenticatedUser,
    workspaceId: string,
    userId: string,
    newRole?: WorkspaceRole,
  ): Promise<Error> {
    const role = await this.workspaces.roleOf(user, workspaceId);
    if (!role) return noSuchWorkspace();
    if (!roleIncludes(role, 'admin')) return notAllowed();
    const members = await this.workspaces.members(user, workspaceId);
    const target = members.find((m) => m.user_id === userId);
    if (!target)
      return new NotFoundException('No such member of this workspace.');
    // Admins manage viewers, members and admins; owners are for owners.
    if (role !== 'owner' && (target.role === 'owner' || newRole === 'owner'))
      return new ForbiddenException(
        'Only an owner may change or remove an owner, or make one.',
      );
    return notAllowed();
  }
}
