import {
  BadRequestException,
  ForbiddenException,
  NotFoundException,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { securityConfig } from '../config/security.config';
import { ListCursorCodec } from '../common/list-cursor';
import { MergedRecordException } from '../common/merged-record.exception';
import { automock } from '../testing/automock';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { CompaniesRepository } from './companies.repository';
import { CompaniesService } from './companies.service';
import type { CompanyDto } from './dto/company.dto';
import {
  CompanyLinksQueryDto,
  ListCompaniesQueryDto,
} from './dto/list-companies-query.dto';
import { UpdateCompanyDto } from './dto/update-company.dto';

const WORKSPACE = 'w1';
const USER = { id: 'u1', accessToken: 't' } as AuthenticatedUser;

function company(
  overrides: Partial<CompanyDto & { merged_into: string | null }> = {},
) {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'Analytical Engines',
    created_at: '2026-11-25T02:50:18.757917+00:00',
    deleted_at: null,
    merged_into: null,
    ...overrides,
  } as CompanyDto & { merged_into: string | null };
}

describe(CompaniesService.name, () => {
  let repository: jest.Mocked<CompaniesRepository>;
  let workspaces: jest.Mocked<WorkspacesService>;
  let sut: CompaniesService;

  beforeEach(() => {
    repository = automock(CompaniesRepository);
    workspaces = automock(WorkspacesService);
    workspaces.whyNothingMatched.mockImplementation(
      (_u, _w, _role, otherwise) => Promise.resolve(otherwise()),
    );
    sut = new CompaniesService(
      repository,
      new ListCursorCodec({
        secretKey: 'k'.repeat(40),
      } as ConfigType<typeof securityConfig>),
      workspaces,
    );
  });

  describe('get', () => {
    it('answers a live company without where it was merged to', async () => {
      repository.find.mockResolvedValue(company());
      const found = await sut.get(USER, WORKSPACE, 'c1');
      expect(found).not.toHaveProperty('merged_into');
      expect(found.name).toBe('Analytical Engines');
    });

    it('answers a merged company with a 404 naming the survivor', async () => {
      repository.find.mockResolvedValue(
        company({ deleted_at: '2026-12-01T00:00:00Z', merged_into: 's1' }),
      );
      const error = await sut
        .get(USER, WORKSPACE, 'c1')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MergedRecordException);
      expect((error as MergedRecordException).mergedInto).toBe('s1');
    });

    it.each([
      ['absent', null],
      ['deleted', company({ deleted_at: '2026-12-01T00:00:00Z' })],
    ])('answers a plain 404 for a company %s', async (_case, found) => {
      repository.find.mockResolvedValue(found);
      const error = await sut
        .get(USER, WORKSPACE, 'c1')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundException);
      expect(error).not.toBeInstanceOf(MergedRecordException);
    });
  });

  describe('domains', () => {
    it('stores the registrable domain of what was sent', async () => {
      repository.create.mockResolvedValue({
        company: company(),
        replayed: false,
      });
      await sut.create(USER, WORKSPACE, {
        name: 'Acme',
        domain: 'https://www.Acme.co.uk/about',
      });
      expect(repository.create).toHaveBeenCalledWith(USER, WORKSPACE, {
        name: 'Acme',
        domain: 'acme.co.uk',
      });
    });

    it('answers 400 to a domain with no registrable domain, and writes nothing', async () => {
      const changes = Object.assign(new UpdateCompanyDto(), {
        domain: '10.0.0.1',
      });
      await expect(sut.update(USER, WORKSPACE, 'c1', changes)).rejects.toThrow(
        BadRequestException,
      );
    });

    it('clears a domain with null', async () => {
      repository.updateLive.mockResolvedValue(company());
      const changes = Object.assign(new UpdateCompanyDto(), { domain: null });
      await sut.update(USER, WORKSPACE, 'c1', changes);
      expect(repository.updateLive).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'c1',
        expect.objectContaining({ domain: null }),
      );
    });

    it('hashes the reduced domain: a URL and its host are one request', async () => {
      repository.create.mockResolvedValue({
        company: company(),
        replayed: false,
      });
      await sut.create(USER, WORKSPACE, { name: 'A', domain: 'acme.com' }, 'k');
      await sut.create(
        USER,
        WORKSPACE,
        { name: 'A', domain: 'https://acme.com/' },
        'k',
      );
      const [first, second] = repository.create.mock.calls.map((c) => c[3]);
      expect(first).toEqual(second);
    });
  });

  describe('restore', () => {
    it('answers a live company as it is to a member', async () => {
      repository.restoreDeleted.mockResolvedValue(null);
      repository.find.mockResolvedValue(company());
      workspaces.requireRole.mockResolvedValue('member');
      expect(await sut.restore(USER, WORKSPACE, 'c1')).not.toHaveProperty(
        'merged_into',
      );
    });

    it('refuses a viewer the restore of a live company', async () => {
      repository.restoreDeleted.mockResolvedValue(null);
      repository.find.mockResolvedValue(company());
      workspaces.requireRole.mockRejectedValue(new ForbiddenException());
      await expect(sut.restore(USER, WORKSPACE, 'c1')).rejects.toThrow(
        ForbiddenException,
      );
    });
  });

  describe('lists', () => {
    it('passes repeated filters on as lists', async () => {
      repository.list.mockResolvedValue({
        data: [],
        has_more: false,
        total: 0,
        total_exact: true,
      });
      await sut.list(
        USER,
        WORKSPACE,
        Object.assign(new ListCompaniesQueryDto(), {
          industry: ['Software', 'Banking'],
          country: ['gb'],
        }),
      );
      expect(repository.list).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        expect.objectContaining({
          industries: ['Software', 'Banking'],
          countries: ['gb'],
          sortColumn: 'created_at',
          descending: true,
        }),
      );
    });

    it("answers 404 for a merged company's people before reading them", async () => {
      repository.find.mockResolvedValue(
        company({ deleted_at: '2026-12-01T00:00:00Z', merged_into: 's1' }),
      );
      await expect(
        sut.people(USER, WORKSPACE, 'c1', new CompanyLinksQueryDto()),
      ).rejects.toThrow(MergedRecordException);
    });

    it('goes on from a cursor of the same listing only', async () => {
      repository.find.mockResolvedValue(company());
      const last = { id: 'd9', created_at: '2026-12-01T00:00:00.123456+00:00' };
      repository.deals.mockResolvedValue({
        data: [last as never],
        has_more: true,
        total: 5,
        total_exact: true,
      });
      const first = await sut.deals(
        USER,
        WORKSPACE,
        'c1',
        Object.assign(new CompanyLinksQueryDto(), { limit: 1 }),
      );
      const cursor = first.meta.next_cursor!;
      await sut.deals(
        USER,
        WORKSPACE,
        'c1',
        Object.assign(new CompanyLinksQueryDto(), { limit: 1, cursor }),
      );
      expect(repository.deals).toHaveBeenLastCalledWith(
        USER,
        WORKSPACE,
        'c1',
        expect.objectContaining({
          after: { value: last.created_at, id: 'd9' },
          withTotal: false,
        }),
      );
      await expect(
        sut.people(
          USER,
          WORKSPACE,
          'c1',
          Object.assign(new CompanyLinksQueryDto(), { limit: 1, cursor }),
        ),
      ).rejects.toThrow(BadRequestException);
    });
  });
});
