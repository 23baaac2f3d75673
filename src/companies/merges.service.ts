import { Injectable, NotFoundException } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { WorkspacesService } from '../workspaces/workspaces.service';
import type { MergedCompanyDto, MergedCustomerDto } from './dto/merge.dto';
import { MergesRepository, type MergedTable } from './merges.repository';

const NO_SUCH: Record<MergedTable, () => Error> = {
  companies: () => new NotFoundException('No such company in this workspace.'),
  customers: () => new NotFoundException('No such customer in this workspace.'),
};

@Injectable()
export class MergesService {
  constructor(
    private readonly merges: MergesRepository,
    private readonly workspaces: WorkspacesService,
  ) {}

  /** Folds `duplicateId` into the company `survivorId` of the workspace. */
  async mergeCompanies(
    user: AuthenticatedUser,
    workspaceId: string,
    survivorId: string,
    duplicateId: string,
  ): Promise<MergedCompanyDto> {
    await this.requireSurvivor(user, 'companies', workspaceId, survivorId);
    return this.merges.mergeCompanies(user, survivorId, duplicateId);
  }

  /** Folds `duplicateId` into the customer `survivorId` of the workspace. */
  async mergeCustomers(
    user: AuthenticatedUser,
    workspaceId: string,
    survivorId: string,
    duplicateId: string,
  ): Promise<MergedCustomerDto> {
    await this.requireSurvivor(user, 'customers', workspaceId, survivorId);
    return this.merges.mergeCustomers(user, survivorId, duplicateId);
  }

  /**
   * The functions take the survivor's workspace from the survivor: one of another workspace
   * the caller is in must not be merged through this workspace's path.
   */
  private async requireSurvivor(
    user: AuthenticatedUser,
    table: MergedTable,
    workspaceId: string,
    survivorId: string,
  ): Promise<void> {
    if (await this.merges.exists(user, table, workspaceId, survivorId)) return;
    throw await this.workspaces.whyNothingMatched(
      user,
      workspaceId,
      'member',
      NO_SUCH[table],
    );
  }
}
