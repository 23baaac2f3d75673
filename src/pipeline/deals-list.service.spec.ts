import { BadRequestException, NotFoundException } from '@nestjs/common';
import {
  deal,
  useDealsService,
  USER,
  WORKSPACE,
} from '../testing/deals.fixtures';
import type { DealListPage } from './deals.repository';
import { DealsService } from './deals.service';
import type { DealDto } from './dto/pipeline.dto';
import { ListDealsQueryDto } from './dto/pipeline-input.dto';

// DealsService's lists: paging, filters, cursors. Its writes are in deals.service.spec.ts.

const query = (fields: Partial<ListDealsQueryDto>) =>
  Object.assign(new ListDealsQueryDto(), fields);

const page = (data: DealDto[], more = false): DealListPage => ({
  data,
  total: data.length,
  total_exact: true,
  has_more: more,
});

describe(DealsService.name, () => {
  const subject = useDealsService();
  let { repository, sut } = subject;

  beforeEach(() => ({ repository, sut } = subject));

  describe('list', () => {
    it('refuses page and cursor together', async () => {
      await expect(
        sut.list(USER, WORKSPACE, query({ page: 2, cursor: 'x' })),
      ).rejects.toThrow(
        new BadRequestException('use either page or cursor, not both'),
      );
      expect(repository.listDeals).not.toHaveBeenCalled();
    });

    it('refuses amount_min over amount_max, and takes them equal', async () => {
      await expect(
        sut.list(USER, WORKSPACE, query({ amount_min: 10, amount_max: 5 })),
      ).rejects.toThrow(
        new BadRequestException('amount_min is over amount_max'),
      );
      expect(repository.listDeals).not.toHaveBeenCalled();

      repository.listDeals.mockResolvedValue(page([]));
      await sut.list(USER, WORKSPACE, query({ amount_min: 5, amount_max: 5 }));
      expect(repository.listDeals).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        expect.objectContaining({ amountMin: 5, amountMax: 5 }),
      );
    });

    it('pages 10,000 rows deep and no further, pointing to the cursor', async () => {
      repository.listDeals.mockResolvedValue(page([]));
      await sut.list(USER, WORKSPACE, query({ page: 501, limit: 20 }));
      expect(repository.listDeals).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        expect.objectContaining({ offset: 10_000 }),
      );
      const tooDeep = sut.list(
        USER,
        WORKSPACE,
        query({ page: 502, limit: 20 }),
      );
      await expect(tooDeep).rejects.toBeInstanceOf(BadRequestException);
      await expect(tooDeep).rejects.toThrow(
        'page mode reaches 10000 rows deep; continue with the cursor in meta.next_cursor',
      );
      expect(repository.listDeals).toHaveBeenCalledTimes(1);
    });

    it('hands every filter, the sort, the offset and the total to the repository', async () => {
      repository.listDeals.mockResolvedValue({
        ...page([deal()]),
        total: 42,
        total_exact: false,
      });
      const result = await sut.list(
        USER,
        WORKSPACE,
        query({
          page: 3,
          limit: 10,
          sort: 'title',
          pipeline_id: 'p1',
          stage_id: 's1',
          assignee_id: 'a1',
          customer_id: 'c1',
          amount_min: 1,
          amount_max: 2,
          close_from: '2026-01-01',
          close_to: '2026-12-31',
          status: 'won',
          q: 'order',
        }),
      );
      expect(repository.listDeals).toHaveBeenCalledWith(USER, WORKSPACE, {
        pipelineId: 'p1',
        stageId: 's1',
        assigneeId: 'a1',
        customerId: 'c1',
        amountMin: 1,
        amountMax: 2,
        closeFrom: '2026-01-01',
        closeTo: '2026-12-31',
        status: 'won',
        search: 'order',
        sortColumn: 'title',
        descending: false,
        limit: 10,
        offset: 20,
        after: undefined,
        withTotal: true,
      });
      expect(result.meta).toEqual({
        page: 3,
        limit: 10,
        total: 42,
        total_exact: false,
        next_cursor: null,
      });
    });

    it('starts at page 1 of 20, newest first, and counts no total as 0', async () => {
      repository.listDeals.mockResolvedValue({ ...page([]), total: null });
      const result = await sut.list(USER, WORKSPACE, query({}));
      expect(repository.listDeals).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        expect.objectContaining({
          sortColumn: 'created_at',
          descending: true,
          limit: 20,
          offset: 0,
          withTotal: true,
        }),
      );
      expect(result.meta).toEqual({
        page: 1,
        limit: 20,
        total: 0,
        total_exact: true,
        next_cursor: null,
      });
    });

    it("lists a customer's deals by the customer in the path", async () => {
      repository.listDeals.mockResolvedValue(page([deal()]));
      await sut.list(USER, WORKSPACE, query({ customer_id: 'other' }), 'c1');
      expect(repository.listDeals).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        expect.objectContaining({ customerId: 'c1' }),
      );
      expect(repository.hasCustomer).not.toHaveBeenCalled();
    });

    it('answers 404 for a customer in the path that is not the workspace’s', async () => {
      repository.listDeals.mockResolvedValue(page([]));
      repository.hasCustomer.mockResolvedValue(false);
      await expect(sut.list(USER, WORKSPACE, query({}), 'c1')).rejects.toThrow(
        new NotFoundException('No such customer in this workspace.'),
      );
      expect(repository.hasCustomer).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'c1',
      );
      expect(subject.workspaces.whyNothingMatched).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'viewer',
        expect.any(Function),
      );
    });

    it('answers an empty page for a customer of the workspace with no deal', async () => {
      repository.listDeals.mockResolvedValue(page([]));
      repository.hasCustomer.mockResolvedValue(true);
      await expect(
        sut.list(USER, WORKSPACE, query({}), 'c1'),
      ).resolves.toMatchObject({ data: [] });
    });

    it('filters by a customer id in the query without asking whether it exists', async () => {
      repository.listDeals.mockResolvedValue(page([]));
      await expect(
        sut.list(USER, WORKSPACE, query({ customer_id: 'c1' })),
      ).resolves.toMatchObject({ data: [] });
      expect(repository.hasCustomer).not.toHaveBeenCalled();
    });

    it('goes on from the last row when more follow: cursor mode has no page and no total', async () => {
      const last = deal({ id: 'd9', amount: 1234.5 });
      const filters = { status: 'open', sort: '-amount', limit: 2 } as const;
      repository.listDeals.mockResolvedValueOnce(page([deal(), last], true));
      const first = await sut.list(USER, WORKSPACE, query(filters));
      const next = first.meta.next_cursor;
      expect(typeof next).toBe('string');

      repository.listDeals.mockResolvedValueOnce(page([deal()], true));
      const second = await sut.list(
        USER,
        WORKSPACE,
        query({ ...filters, cursor: next! }),
      );
      expect(repository.listDeals).toHaveBeenLastCalledWith(
        USER,
        WORKSPACE,
        expect.objectContaining({
          after: { value: '1234.5', id: 'd9' },
          sortColumn: 'amount',
          descending: true,
          offset: 0,
          withTotal: false,
        }),
      );
      expect(second.meta).toEqual({
        limit: 2,
        next_cursor: expect.any(String) as unknown,
      });
    });

    it('gives no cursor when no more follow, nor past an empty page', async () => {
      repository.listDeals.mockResolvedValueOnce(page([deal()], false));
      const done = await sut.list(USER, WORKSPACE, query({}));
      expect(done.meta.next_cursor).toBeNull();
      repository.listDeals.mockResolvedValueOnce(page([], true));
      const empty = await sut.list(USER, WORKSPACE, query({}));
      expect(empty.meta.next_cursor).toBeNull();
    });

    it('refuses a cursor in another listing: other filter, sort, workspace or customer', async () => {
      const filters = { status: 'open', sort: 'title' } as const;
      repository.listDeals.mockResolvedValueOnce(page([deal()], true));
      const { next_cursor } = (await sut.list(USER, WORKSPACE, query(filters)))
        .meta;
      const cursor = next_cursor!;
      const otherListing = 'cursor belongs to a listing with other filters';
      await expect(
        sut.list(USER, WORKSPACE, query({ ...filters, status: 'won', cursor })),
      ).rejects.toThrow(otherListing);
      await expect(
        sut.list(
          USER,
          WORKSPACE,
          query({ ...filters, sort: '-title', cursor }),
        ),
      ).rejects.toThrow(otherListing);
      await expect(
        sut.list(USER, 'w2', query({ ...filters, cursor })),
      ).rejects.toThrow(otherListing);
      await expect(
        sut.list(USER, WORKSPACE, query({ ...filters, cursor }), 'c1'),
      ).rejects.toThrow(otherListing);
      expect(repository.listDeals).toHaveBeenCalledTimes(1);
    });
  });
});
