import {
  BadRequestException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { idempotencyClaim } from '../common/idempotency-key';
import { ListCursorCodec } from '../common/list-cursor';
import { type ListWindow, listPage, listWindow } from '../common/list-page';
import { MergedRecordException } from '../common/merged-record.exception';
import { requireChanges } from '../common/require-changes';
import { WorkspacesService } from '../workspaces/workspaces.service';
import {
  CompaniesRepository,
  type CompanyListQuery,
  type LinkWindow,
} from './companies.repository';
import { registrableDomain } from './company-domain';
import type { CompanyDto, CompanyPageDto } from './dto/company.dto';
import type {
  CompanyDealPageDto,
  CompanyPersonPageDto,
} from './dto/company-links.dto';
import type { CreateCompanyDto } from './dto/create-company.dto';
import type {
  CompanyLinksQueryDto,
  ListCompaniesQueryDto,
} from './dto/list-companies-query.dto';
import type { UpdateCompanyDto } from './dto/update-company.dto';

/** The same sentence whether the workspace or the company is not the caller's to see. */
const noSuchCompany = () =>
  new NotFoundException('No such company in this workspace.');
const LINKS_SORT = '-created_at';

/** The input with its domain reduced to the registrable domain; 400 when it has none. */
function withRegistrableDomain<T extends { domain?: string | null }>(
  input: T,
): T {
  if (input.domain === undefined || input.domain === null) return input;
  const domain = registrableDomain(input.domain);
  if (!domain) {
    throw new BadRequestException(
      'domain must be a URL or host name with a registrable domain',
    );
  }
  return { ...input, domain };
}

/** A company as the API shows it: where it was merged to is said by a 404, not a field. */
function withoutMerge(
  row: CompanyDto & { merged_into: string | null },
): CompanyDto {
  const company: Partial<typeof row> = { ...row };
  delete company.merged_into;
  return company as CompanyDto;
}

@Injectable()
export class CompaniesService {
  constructor(
    private readonly companies: CompaniesRepository,
    private readonly cursors: ListCursorCodec,
    private readonly workspaces: WorkspacesService,
  ) {}

  async list(
    user: AuthenticatedUser,
    workspaceId: string,
    params: ListCompaniesQueryDto,
  ): Promise<CompanyPageDto> {
    const { page, cursor, limit, sort = '-created_at', ...filters } = params;
    const window = listWindow<CompanyListQuery['sortColumn']>('companies', {
      page,
      cursor,
      limit,
      sort,
    });
    // A cursor only makes sense for the listing it came from.
    const listing = { list: 'companies', workspaceId, ...filters, sort };
    const result = await this.companies.list(user, workspaceId, {
      tag: filters.tag,
      industries: filters.industry,
      countries: filters.country,
      search: filters.q,
      sortColumn: window.sortColumn,
      descending: window.descending,
      limit: window.limit,
      offset: window.offset,
      after:
        cursor === undefined ? undefined : this.cursors.decode(cursor, listing),
      withTotal: window.pageMode,
    });
    return listPage(result, window, (position) =>
      this.cursors.encode(position, listing),
    );
  }

  /**
   * A live company; 404 whether the workspace or the company is not the caller's to see, and a
   * 404 naming the survivor for a company merged into another.
   */
  async get(
    user: AuthenticatedUser,
    workspaceId: string,
    id: string,
  ): Promise<CompanyDto> {
    const found = await this.companies.find(user, workspaceId, id);
    if (found?.merged_into) {
      throw new MergedRecordException(
        'The company was merged into another.',
        found.merged_into,
      );
    }
    if (!found || found.deleted_at !== null) throw noSuchCompany();
    return withoutMerge(found);
  }

  /** `idempotencyKey`: a retry with the same key and body gets the first answer back. */
  create(
    user: AuthenticatedUser,
    workspaceId: string,
    body: CreateCompanyDto,
    idempotencyKey?: string,
  ): Promise<{ company: CompanyDto; replayed: boolean }> {
    const input = withRegistrableDomain(body);
    if (idempotencyKey === undefined)
      return this.companies.create(user, workspaceId, input);
    return this.companies.create(
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
    changes: UpdateCompanyDto,
  ): Promise<CompanyDto> {
    requireChanges(changes);
    const company = await this.companies.updateLive(
      user,
      workspaceId,
      id,
      withRegistrableDomain(changes),
    );
    if (!company)
      throw await this.workspaces.whyNothingMatched(
        user,
        workspaceId,
        'member',
        noSuchCompany,
      );
    return company;
  }

  async remove(
    user: AuthenticatedUser,
    workspaceId: string,
    id: string,
  ): Promise<void> {
    const deleted = await this.companies.updateLive(user, workspaceId, id, {
      deleted_at: new Date().toISOString(),
    });
    if (!deleted)
      throw await this.workspaces.whyNothingMatched(
        user,
        workspaceId,
        'member',
        noSuchCompany,
      );
  }

  /** Brings a deleted company back; restoring a live one changes nothing; a merged one is a 409. */
  async restore(
    user: AuthenticatedUser,
    workspaceId: string,
    id: string,
  ): Promise<CompanyDto> {
    const restored = await this.companies.restoreDeleted(user, workspaceId, id);
    if (restored) return restored;
    const found = await this.companies.find(user, workspaceId, id);
    if (found?.deleted_at === null) {
      // A viewer sees it but may not restore it: say so rather than answer as if done.
      await this.workspaces.requireRole(user, workspaceId, 'member');
      return withoutMerge(found);
    }
    throw await this.workspaces.whyNothingMatched(
      user,
      workspaceId,
      'member',
      noSuchCompany,
    );
  }

  /** The company's live people, newest first; 404 unless the company is live. */
  async people(
    user: AuthenticatedUser,
    workspaceId: string,
    id: string,
    query: CompanyLinksQueryDto,
  ): Promise<CompanyPersonPageDto> {
    await this.get(user, workspaceId, id);
    const listing = { list: 'company-people', workspaceId, id };
    const window = this.linksWindow(query);
    const result = await this.companies.people(
      user,
      workspaceId,
      id,
      this.linksRead(window, query, listing),
    );
    return listPage(result, window, (at) => this.cursors.encode(at, listing));
  }

  /** The company's live deals, newest first; 404 unless the company is live. */
  async deals(
    user: AuthenticatedUser,
    workspaceId: string,
    id: string,
    query: CompanyLinksQueryDto,
  ): Promise<CompanyDealPageDto> {
    await this.get(user, workspaceId, id);
    const listing = { list: 'company-deals', workspaceId, id };
    const window = this.linksWindow(query);
    const result = await this.companies.deals(
      user,
      workspaceId,
      id,
      this.linksRead(window, query, listing),
    );
    return listPage(result, window, (at) => this.cursors.encode(at, listing));
  }

  private linksWindow(query: CompanyLinksQueryDto) {
    return listWindow<'created_at'>('companies', {
      ...query,
      sort: LINKS_SORT,
    });
  }

  private linksRead(
    window: ListWindow<'created_at'>,
    query: CompanyLinksQueryDto,
    listing: object,
  ): LinkWindow {
    return {
      limit: window.limit,
      offset: window.offset,
      after:
        query.cursor === undefined
          ? undefined
          : this.cursors.decode(query.cursor, listing),
      withTotal: window.pageMode,
    };
  }
}
