import { Injectable, NotFoundException } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { DealContactsRepository } from './deal-contacts.repository';
import type {
  AddDealContactDto,
  DealContactDto,
  DealContactListDto,
  UpdateDealContactDto,
} from './dto/deal-contact.dto';

const noSuchDeal = () =>
  new NotFoundException('No such deal in this workspace.');
const noSuchContact = () =>
  new NotFoundException('No such customer on this deal.');

@Injectable()
export class DealContactsService {
  constructor(
    private readonly contacts: DealContactsRepository,
    private readonly workspaces: WorkspacesService,
  ) {}

  async list(
    user: AuthenticatedUser,
    workspaceId: string,
    dealId: string,
  ): Promise<DealContactListDto> {
    await this.requireDeal(user, workspaceId, dealId, 'viewer');
    return { data: await this.contacts.list(user, workspaceId, dealId) };
  }

  async add(
    user: AuthenticatedUser,
    workspaceId: string,
    dealId: string,
    input: AddDealContactDto,
  ): Promise<DealContactDto> {
    await this.requireDeal(user, workspaceId, dealId, 'member');
    return this.contacts.add(user, workspaceId, dealId, input);
  }

  async update(
    user: AuthenticatedUser,
    workspaceId: string,
    dealId: string,
    customerId: string,
    changes: UpdateDealContactDto,
  ): Promise<DealContactDto> {
    await this.requireDeal(user, workspaceId, dealId, 'member');
    const contact = await this.contacts.setRole(
      user,
      workspaceId,
      dealId,
      customerId,
      changes.role,
    );
    if (!contact) throw noSuchContact();
    return contact;
  }

  async remove(
    user: AuthenticatedUser,
    workspaceId: string,
    dealId: string,
    customerId: string,
  ): Promise<void> {
    await this.requireDeal(user, workspaceId, dealId, 'member');
    if (!(await this.contacts.remove(user, workspaceId, dealId, customerId)))
      throw noSuchContact();
  }

  /**
   * The caller's role first (404 outside the workspace, 403 below `needed`), then the live
   * deal: a deleted deal's contacts wait for its restore.
   */
  private async requireDeal(
    user: AuthenticatedUser,
    workspaceId: string,
    dealId: string,
    needed: 'viewer' | 'member',
  ): Promise<void> {
    const [, live] = await Promise.all([
      this.workspaces.requireRole(user, workspaceId, needed),
      this.contacts.hasLiveDeal(user, workspaceId, dealId),
    ]);
    if (!live) throw noSuchDeal();
  }
}
