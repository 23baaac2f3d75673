import { Injectable, NotFoundException } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { idempotencyClaim } from '../common/idempotency-key';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { ListCursorCodec } from '../common/list-cursor';
import { listPage, listWindow } from '../common/list-page';
import type { CustomerStatus } from './customer.constants';
import {
  CustomersRepository,
  type CustomerListQuery,
} from './customers.repository';
import type { CreateCustomerDto } from './dto/create-customer.dto';
import type { CustomerDto, CustomerPageDto } from './dto/customer.dto';
import type { ListCustomersQueryDto } from './dto/list-customers-query.dto';
import type { UpdateCustomerDto } from './dto/update-customer.dto';
import { MergedRecordException } from '../common/merged-record.exception';
import { requireChanges } from '../common/require-changes';

/** The same sentence whether the workspace or the customer is not the caller's to see. */
const noSuchCustomer = () =>
  new NotFoundException('No such customer in this workspace.');

@Injectable()
export class CustomersService {
  constructor(
    private readonly customers: CustomersRepository,
    private readonly cursors: ListCursorCodec,
    private readonly workspaces: WorkspacesService,
  ) {}

  async list(
    user: AuthenticatedUser,
    workspaceId: string,
    params: ListCustomersQueryDto,
  ): Promise<CustomerPageDto> {
    const { page, cursor, limit, sort = '-created_at', ...filters } = params;
    const window = listWindow<CustomerListQuery['sortColumn']>('customers', {
      page,
      cursor,
      limit,
      sort,
    });
    const { sortColumn, descending, offset, pageMode } = window;
    // A cursor only makes sense for the listing it came from.
    const listing = { workspaceId, ...filters, sort };
    const result = await this.customers.list(user, workspaceId, {
      status: filters.status?.split(',') as CustomerStatus[] | undefined,
      tag: filters.tag,
      companyId: filters.company_id,
      createdFrom: filters.created_from,
      createdTo: filters.created_to,
      search: filters.q,
      sortColumn,
      descending,
      limit: window.limit,
      offset,
      after:
        cursor === undefined ? undefined : this.cursors.decode(cursor, listing),
      withTotal: pageMode,
    });
    return listPage(result, window, (position) =>
      this.cursors.encode(position, listing),
    );
  }

  /**
   * A live customer; 404 whether the workspace or the customer is not the caller's to see, and
   * for one merged away, with the survivor's id in `merged_into`.
   */
  async get(
    user: AuthenticatedUser,
    workspaceId: string,
    id: string,
  ): Promise<CustomerDto> {
    const customer = await this.customers.findLive(user, workspaceId, id);
    if (customer) return customer;
    const survivor = await this.customers.mergedInto(user, workspaceId, id);
    if (survivor)
      throw new MergedRecordException(
        'This customer was merged into another.',
        survivor,
      );
    throw noSuchCustomer();
  }

  /** `idempotencyKey`: a retry with the same key and body gets the first answer back. */
  create(
    user: AuthenticatedUser,
    workspaceId: string,
    input: CreateCustomerDto,
    idempotencyKey?: string,
  ): Promise<{ customer: CustomerDto; replayed: boolean }> {
    if (idempotencyKey === undefined)
      return this.customers.create(user, workspaceId, input);
    return this.customers.create(
      user,
      workspaceId,
      input,
      idempotencyClaim(idempotencyKey, workspaceId, input),
    );
  }

  async update(
    user: AuthenticatedUser,
    workspaceId: string,
    id: string,
    changes: UpdateCustomerDto,
  ): Promise<CustomerDto> {
    requireChanges(changes);
    const customer = await this.customers.updateLive(
      user,
      workspaceId,
      id,
      changes,
    );
    if (!customer)
      throw await this.workspaces.whyNothingMatched(
        user,
        workspaceId,
        'member',
        noSuchCustomer,
      );
    return customer;
  }

  async remove(
    user: AuthenticatedUser,
    workspaceId: string,
    id: string,
  ): Promise<void> {
    const deleted = await this.customers.updateLive(user, workspaceId, id, {
      deleted_at: new Date().toISOString(),
    });
    if (!deleted)
      throw await this.workspaces.whyNothingMatched(
        user,
        workspaceId,
        'member',
        noSuchCustomer,
      );
  }

  /** Brings a deleted customer back; restoring a live one changes nothing. */
  async restore(
    user: AuthenticatedUser,
    workspaceId: string,
    id: string,
  ): Promise<CustomerDto> {
    const restored = await this.customers.restoreDeleted(user, workspaceId, id);
    if (restored) return restored;
    const live = await this.customers.findLive(user, workspaceId, id);
    if (live) {
      // A viewer sees it but may not restore it: say so rather than answer as if done.
      await this.workspaces.requireRole(user, workspaceId, 'member');
      return live;
    }
    throw await this.workspaces.whyNothingMatched(
      user,
      workspaceId,
      'member',
      noSuchCustomer,
    );
  }
}
