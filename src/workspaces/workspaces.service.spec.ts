import {
  ConflictException,
  ForbiddenException,
  NotFoundException,
} from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { automock } from '../testing/automock';
import type { MemberDto } from './dto/workspace.dto';
import { WORKSPACE_ROLES, type WorkspaceRole } from './workspace.constants';
import { WorkspacesRepository } from './workspaces.repository';
import { WorkspacesService } from './workspaces.service';

const WORKSPACE = 'w1';

const USER = { id: 'u1', accessToken: 't' } as AuthenticatedUser;

const noSuchWorkspace = new NotFoundException('No such workspace.');
const notAllowed = new ForbiddenException(
  'Your role in this workspace does not allow this.',
);

const member = (userId: string, role: WorkspaceRole) =>
  ({ user_id: userId, role, email: null, joined_at: '' }) as MemberDto;

/** Every (held, needed) pair of roles, split by whether the held one is enough. */
const pairs = WORKSPACE_ROLES.flatMap((held, h) =>
  WORKSPACE_ROLES.map((needed, n) => ({ held, needed, enough: h >= n })),
);
const enough = pairs.filter((pair) => pair.enough);
const tooLow = pairs.filter((pair) => !pair.enough);

describe(WorkspacesService.name, () => {
  let repository: jest.Mocked<WorkspacesRepository>;
  let sut: WorkspacesService;

  beforeEach(() => {
    repository = automock(WorkspacesRepository);
    sut = new WorkspacesService(repository);
  });

  describe('requireRole', () => {
    it('answers 404 to a non-member, as if the workspace did not exist', async () => {
      repository.roleOf.mockResolvedValue(null);
      await expect(sut.requireRole(USER, WORKSPACE, 'viewer')).rejects.toThrow(
        noSuchWorkspace,
      );
      expect(repository.roleOf).toHaveBeenCalledWith(USER, WORKSPACE);
    });

    it.each(tooLow)(
      'answers 403 to a $held where $needed is needed',
      async ({ held, needed }) => {
        repository.roleOf.mockResolvedValue(held);
        await expect(sut.requireRole(USER, WORKSPACE, needed)).rejects.toThrow(
          notAllowed,
        );
      },
    );

    it.each(enough)(
      'answers the role of a $held where $needed is needed',
      async ({ held, needed }) => {
        repository.roleOf.mockResolvedValue(held);
        await expect(sut.requireRole(USER, WORKSPACE, needed)).resolves.toBe(
          held,
        );
      },
    );
  });

  describe('whyNothingMatched', () => {
    const otherwise = new NotFoundException('No such deal in this workspace.');

    it('throws 404 to a non-member, whatever the row', async () => {
      repository.roleOf.mockResolvedValue(null);
      const fallback = jest.fn(() => otherwise);
      await expect(
        sut.whyNothingMatched(USER, WORKSPACE, 'viewer', fallback),
      ).rejects.toThrow(noSuchWorkspace);
      expect(fallback).not.toHaveBeenCalled();
    });

    it.each(tooLow)(
      'throws 403 to a $held where $needed is needed',
      async ({ held, needed }) => {
        repository.roleOf.mockResolvedValue(held);
        const fallback = jest.fn(() => otherwise);
        await expect(
          sut.whyNothingMatched(USER, WORKSPACE, needed, fallback),
        ).rejects.toThrow(notAllowed);
        expect(fallback).not.toHaveBeenCalled();
      },
    );

    it.each(enough)(
      "answers the caller's own error to a $held where $needed is needed",
      async ({ held, needed }) => {
        repository.roleOf.mockResolvedValue(held);
        await expect(
          sut.whyNothingMatched(USER, WORKSPACE, needed, () => otherwise),
        ).resolves.toBe(otherwise);
      },
    );
  });

  describe('the answers built on it', () => {
    it("answers an update that matched nothing as 'admin' would", async () => {
      repository.update.mockResolvedValue(null);
      repository.roleOf.mockResolvedValue('member');
      await expect(
        sut.update(USER, WORKSPACE, { default_currency: 'JPY' }),
      ).rejects.toThrow(notAllowed);
      repository.roleOf.mockResolvedValue('admin');
      await expect(
        sut.update(USER, WORKSPACE, { name: 'New' }),
      ).rejects.toThrow(noSuchWorkspace);
    });

    it('refuses an update that names no field before asking the database', async () => {
      await expect(
        sut.update(USER, WORKSPACE, {
          name: undefined,
          default_currency: undefined,
        }),
      ).rejects.toThrow('the request body names no field to change');
    });

    it('answers 409 to an owner whose delete matched nothing: a personal workspace', async () => {
      repository.delete.mockResolvedValue(false);
      repository.roleOf.mockResolvedValue('owner');
      await expect(sut.delete(USER, WORKSPACE)).rejects.toThrow(
        new ConflictException('A personal workspace cannot be deleted.'),
      );
      repository.roleOf.mockResolvedValue('admin');
      await expect(sut.delete(USER, WORKSPACE)).rejects.toThrow(notAllowed);
    });

    it('asks for no role when invitations are visible, and an admin when none are', async () => {
      repository.pendingInvitations.mockResolvedValue([]);
      repository.roleOf.mockResolvedValue('member');
      await expect(sut.pendingInvitations(USER, WORKSPACE)).rejects.toThrow(
        notAllowed,
      );
      repository.roleOf.mockResolvedValue('admin');
      await expect(sut.pendingInvitations(USER, WORKSPACE)).resolves.toEqual(
        [],
      );
      repository.roleOf.mockClear();
      repository.pendingInvitations.mockResolvedValue([{ id: 'i1' } as never]);
      await sut.pendingInvitations(USER, WORKSPACE);
      expect(repository.roleOf).not.toHaveBeenCalled();
    });
  });

  describe('a role change or removal that matched nothing', () => {
    beforeEach(() => repository.setRole.mockResolvedValue(null));

    it('answers 404 to a non-member and 403 to a member', async () => {
      repository.roleOf.mockResolvedValue(null);
      await expect(
        sut.setRole(USER, WORKSPACE, 'u2', 'viewer'),
      ).rejects.toThrow(noSuchWorkspace);
      repository.roleOf.mockResolvedValue('member');
      await expect(
        sut.setRole(USER, WORKSPACE, 'u2', 'viewer'),
      ).rejects.toThrow(notAllowed);
    });

    it('answers 404 to an admin for someone who is not a member', async () => {
      repository.roleOf.mockResolvedValue('admin');
      repository.members.mockResolvedValue([member(USER.id, 'admin')]);
      await expect(
        sut.setRole(USER, WORKSPACE, 'u2', 'viewer'),
      ).rejects.toThrow(
        new NotFoundException('No such member of this workspace.'),
      );
    });

    it('answers an admin that owners are for owners', async () => {
      const ownersOnly = new ForbiddenException(
        'Only an owner may change or remove an owner, or make one.',
      );
      repository.roleOf.mockResolvedValue('admin');
      repository.members.mockResolvedValue([
        member('u2', 'owner'),
        member('u3', 'member'),
      ]);
      await expect(
        sut.setRole(USER, WORKSPACE, 'u2', 'viewer'),
      ).rejects.toThrow(ownersOnly);
      await expect(sut.setRole(USER, WORKSPACE, 'u3', 'owner')).rejects.toThrow(
        ownersOnly,
      );
    });

    it('answers 403 when leaving matched nothing, and 404 to a non-member', async () => {
      repository.removeMember.mockResolvedValue(false);
      repository.roleOf.mockResolvedValue('owner');
      await expect(sut.removeMember(USER, WORKSPACE, USER.id)).rejects.toThrow(
        notAllowed,
      );
      repository.roleOf.mockResolvedValue(null);
      await expect(sut.removeMember(USER, WORKSPACE, USER.id)).rejects.toThrow(
        noSuchWorkspace,
      );
      expect(repository.members).not.toHaveBeenCalled();
    });
  });
});
