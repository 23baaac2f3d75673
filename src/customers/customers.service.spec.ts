import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { securityConfig } from '../config/security.config';
import { ListCursorCodec } from '../common/list-cursor';
import { automock } from '../testing/automock';
import {
  type CustomerListPage,
  CustomersRepository,
} from './customers.repository';
import { CustomersService } from './customers.service';
import type { CreateCustomerDto } from './dto/create-customer.dto';
import type { CustomerDto } from './dto/customer.dto';
import { ListCustomersQueryDto } from './dto/list-customers-query.dto';
import { UpdateCustomerDto } from './dto/update-customer.dto';
import { WorkspacesService } from '../workspaces/workspaces.service';

const WORKSPACE = 'w1';

const USER = { id: 'u1', accessToken: 't' } as AuthenticatedUser;

function customer(overrides: Partial<CustomerDto> = {}): CustomerDto {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'Ada',
    created_at: '2026-11-25T02:50:18.757917+00:00',
    deleted_at: null,
    ...overrides,
  } as CustomerDto;
}

const query = (fields: Partial<ListCustomersQueryDto>) =>
  Object.assign(new ListCustomersQueryDto(), fields);

describe(CustomersService.name, () => {
  let repository: jest.Mocked<CustomersRepository>;
  let cursors: ListCursorCodec;
  let sut: CustomersService;
  /** Strict; its role checks answer as they would to a member unless a test says otherwise. */
  let workspaces: jest.Mocked<WorkspacesService>;
  const page = (data: CustomerDto[], more = false): CustomerListPage => ({
    data,
    total: data.length,
    total_exact: true,
    has_more: more,
  });

  beforeEach(() => {
    repository = automock(CustomersRepository);
    cursors = new ListCursorCodec({
      secretKey: 'k'.repeat(40),
    } as ConfigType<typeof securityConfig>);
    workspaces = automock(WorkspacesService);
    workspaces.whyNothingMatched.mockImplementation(
      (_u, _w, _role, otherwise) => Promise.resolve(otherwise()),
    );
    workspaces.requireRole.mockResolvedValue('member');
    sut = new CustomersService(repository, cursors, workspaces);
  });

  describe('list', () => {
    it('pages from 1 with a total, and a cursor to go on when more follow', async () => {
      const last = customer();
      repository.list.mockResolvedValue({ ...page([last], true), total: 42 });
      const result = await sut.list(
        USER,
        WORKSPACE,
        query({ page: 3, limit: 10 }),
      );
      expect(repository.list).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        expect.objectContaining({ offset: 20, limit: 10, withTotal: true }),
      );
      expect(result.meta).toMatchObject({
        page: 3,
        limit: 10,
        total: 42,
        total_exact: true,
      });
      const next = (result.meta as { next_cursor: string }).next_cursor;
      expect(
        cursors.decode(next, { workspaceId: WORKSPACE, sort: '-created_at' }),
      ).toEqual({
        value: last.created_at,
        id: last.id,
      });
    });

    it('goes on from a cursor without a total or an offset', async () => {
      const cursor = cursors.encode(
        { value: 'Ada', id: 'x' },
        { workspaceId: WORKSPACE, status: 'lead,active', sort: 'name' },
      );
      repository.list.mockResolvedValue(page([]));
      const result = await sut.list(
        USER,
        WORKSPACE,
        query({ cursor, status: 'lead,active', sort: 'name' }),
      );
      expect(repository.list).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        expect.objectContaining({
          after: { value: 'Ada', id: 'x' },
          status: ['lead', 'active'],
          offset: 0,
          withTotal: false,
          sortColumn: 'name',
          descending: false,
        }),
      );
      expect(result.meta).toEqual({ limit: 20, next_cursor: null });
    });

    it('refuses page and cursor together, and pages deeper than page mode reaches', async () => {
      await expect(
        sut.list(USER, WORKSPACE, query({ page: 2, cursor: 'x' })),
      ).rejects.toBeInstanceOf(BadRequestException);
      await expect(
        sut.list(USER, WORKSPACE, query({ page: 102, limit: 100 })),
      ).rejects.toThrow('page mode reaches 10000 rows deep');
      expect(repository.list).not.toHaveBeenCalled();
    });
  });

  describe('create', () => {
    const input = { name: 'Ada' } as CreateCustomerDto;

    it('creates without a key', async () => {
      repository.create.mockResolvedValue({
        customer: customer(),
        replayed: false,
      });
      await sut.create(USER, WORKSPACE, input);
      expect(repository.create).toHaveBeenCalledWith(USER, WORKSPACE, input);
    });

    it('hashes the whole body with the key: any field changes the hash', async () => {
      repository.create.mockResolvedValue({
        customer: customer(),
        replayed: false,
      });
      const ada = { name: 'Ada', notes: 'a' };
      await sut.create(USER, WORKSPACE, ada, 'k1');
      await sut.create(USER, WORKSPACE, { ...ada, notes: 'b' }, 'k1');
      await sut.create(USER, 'w2', ada, 'k1');
      const [first, second, elsewhere] = repository.create.mock.calls.map(
        (args) => args[3]!,
      );
      expect(first.key).toBe('k1');
      expect(first.requestHash).not.toBe(second.requestHash);
      // The same body in another workspace is another request.
      expect(first.requestHash).not.toBe(elsewhere.requestHash);
    });

    it.each(['', 'has space', 'k'.repeat(256), 'ünïcode'])(
      'refuses the key %j',
      (key) => {
        expect(() => sut.create(USER, WORKSPACE, input, key)).toThrow(
          BadRequestException,
        );
      },
    );
  });

  describe('get', () => {
    it('answers a live customer, 404 naming the survivor for a merged one, plain 404 otherwise', async () => {
      repository.findLive.mockResolvedValueOnce(customer());
      await expect(sut.get(USER, WORKSPACE, 'c1')).resolves.toEqual(customer());
      repository.findLive.mockResolvedValue(null);
      repository.mergedInto.mockResolvedValueOnce('c2');
      await expect(sut.get(USER, WORKSPACE, 'c1')).rejects.toMatchObject({
        status: 404,
        mergedInto: 'c2',
      });
      repository.mergedInto.mockResolvedValueOnce(null);
      const plain = sut.get(USER, WORKSPACE, 'c1');
      await expect(plain).rejects.toBeInstanceOf(NotFoundException);
      await expect(plain).rejects.not.toHaveProperty('mergedInto');
    });
  });

  describe('update', () => {
    it('refuses a body that names no field to change', async () => {
      await expect(
        sut.update(USER, WORKSPACE, 'id', new UpdateCustomerDto()),
      ).rejects.toThrow('the request body names no field to change');
    });

    it('answers 404 when no live customer was changed', async () => {
      repository.updateLive.mockResolvedValue(null);
      await expect(
        sut.update(
          USER,
          WORKSPACE,
          'id',
          Object.assign(new UpdateCustomerDto(), { name: 'B' }),
        ),
      ).rejects.toBeInstanceOf(NotFoundException);
    });
  });

  describe('remove and restore', () => {
    it('deletes softly, and answers 404 when there was nothing live to delete', async () => {
      repository.updateLive.mockResolvedValueOnce(customer());
      await sut.remove(USER, WORKSPACE, 'id');
      expect(repository.updateLive).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'id',
        {
          deleted_at: expect.any(String) as unknown,
        },
      );
      repository.updateLive.mockResolvedValueOnce(null);
      await expect(sut.remove(USER, WORKSPACE, 'id')).rejects.toBeInstanceOf(
        NotFoundException,
      );
    });

    it('restores a deleted customer', async () => {
      const restored = customer();
      repository.restoreDeleted.mockResolvedValue(restored);
      await expect(sut.restore(USER, WORKSPACE, 'id')).resolves.toBe(restored);
    });

    it('answers a live customer as it is, and 404 when there is none', async () => {
      const live = customer();
      repository.restoreDeleted.mockResolvedValue(null);
      repository.findLive.mockResolvedValueOnce(live);
      await expect(sut.restore(USER, WORKSPACE, 'id')).resolves.toBe(live);
      repository.findLive.mockResolvedValueOnce(null);
      await expect(sut.restore(USER, WORKSPACE, 'id')).rejects.toBeInstanceOf(
        NotFoundException,
      );
    });
  });
});
