import { ForbiddenException, NotFoundException } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { automock } from '../testing/automock';
import { WorkspacesService } from '../workspaces/workspaces.service';
import type { MergedCompanyDto } from './dto/merge.dto';
import { MergesRepository } from './merges.repository';
import { MergesService } from './merges.service';

const USER = { id: 'u1', accessToken: 't' } as AuthenticatedUser;
const MERGED = { id: 's', moved: { people: 1 } } as unknown as MergedCompanyDto;

describe(MergesService.name, () => {
  let repository: jest.Mocked<MergesRepository>;
  let workspaces: jest.Mocked<WorkspacesService>;
  let sut: MergesService;

  beforeEach(() => {
    repository = automock(MergesRepository);
    workspaces = automock(WorkspacesService);
    workspaces.whyNothingMatched.mockImplementation(
      (_u, _w, _role, otherwise) => Promise.resolve(otherwise()),
    );
    sut = new MergesService(repository, workspaces);
  });

  it('merges once the survivor is of the workspace in the path', async () => {
    repository.exists.mockResolvedValue(true);
    repository.mergeCompanies.mockResolvedValue(MERGED);
    await expect(sut.mergeCompanies(USER, 'w1', 's', 'd')).resolves.toBe(
      MERGED,
    );
    expect(repository.exists).toHaveBeenCalledWith(
      USER,
      'companies',
      'w1',
      's',
    );
    expect(repository.mergeCompanies).toHaveBeenCalledWith(USER, 's', 'd');
  });

  it("never merges a survivor of another workspace through this one's path", async () => {
    repository.exists.mockResolvedValue(false);
    await expect(sut.mergeCustomers(USER, 'w1', 's', 'd')).rejects.toEqual(
      new NotFoundException('No such customer in this workspace.'),
    );
    expect(workspaces.whyNothingMatched).toHaveBeenCalledWith(
      USER,
      'w1',
      'member',
      expect.any(Function),
    );
  });

  it("answers why nothing matched: the workspace's 404 or the role's 403 first", async () => {
    repository.exists.mockResolvedValue(false);
    workspaces.whyNothingMatched.mockRejectedValue(new ForbiddenException());
    await expect(sut.mergeCompanies(USER, 'w1', 's', 'd')).rejects.toEqual(
      new ForbiddenException(),
    );
  });
});
