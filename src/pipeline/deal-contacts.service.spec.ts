import { ForbiddenException, NotFoundException } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { automock } from '../testing/automock';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { DealContactsRepository } from './deal-contacts.repository';
import { DealContactsService } from './deal-contacts.service';
import type { DealContactDto } from './dto/deal-contact.dto';

const USER = { id: 'u1', accessToken: 't' } as AuthenticatedUser;
const CONTACT = {
  deal_id: 'd',
  customer_id: 'c',
  role: 'user',
} as DealContactDto;

describe(DealContactsService.name, () => {
  let repository: jest.Mocked<DealContactsRepository>;
  let workspaces: jest.Mocked<WorkspacesService>;
  let sut: DealContactsService;

  beforeEach(() => {
    repository = automock(DealContactsRepository);
    workspaces = automock(WorkspacesService);
    workspaces.requireRole.mockResolvedValue('member');
    repository.hasLiveDeal.mockResolvedValue(true);
    sut = new DealContactsService(repository, workspaces);
  });

  it('lists for viewers and writes for members', async () => {
    repository.list.mockResolvedValue([CONTACT]);
    repository.add.mockResolvedValue(CONTACT);
    await expect(sut.list(USER, 'w', 'd')).resolves.toEqual({
      data: [CONTACT],
    });
    await sut.add(USER, 'w', 'd', { customer_id: 'c' });
    expect(workspaces.requireRole.mock.calls.map((c) => c[2])).toEqual([
      'viewer',
      'member',
    ]);
  });

  it('refuses a role too low before it looks at the deal', async () => {
    workspaces.requireRole.mockRejectedValue(new ForbiddenException());
    await expect(
      sut.update(USER, 'w', 'd', 'c', { role: 'champion' }),
    ).rejects.toEqual(new ForbiddenException());
    expect(repository.setRole).not.toHaveBeenCalled();
  });

  it('answers 404 for a deal the workspace has not live, and for a person not on it', async () => {
    repository.hasLiveDeal.mockResolvedValue(false);
    await expect(sut.remove(USER, 'w', 'd', 'c')).rejects.toEqual(
      new NotFoundException('No such deal in this workspace.'),
    );
    repository.hasLiveDeal.mockResolvedValue(true);
    repository.remove.mockResolvedValue(false);
    await expect(sut.remove(USER, 'w', 'd', 'c')).rejects.toEqual(
      new NotFoundException('No such customer on this deal.'),
    );
    repository.setRole.mockResolvedValue(null);
    await expect(
      sut.update(USER, 'w', 'd', 'c', { role: 'user' }),
    ).rejects.toEqual(new NotFoundException('No such customer on this deal.'));
  });
});
