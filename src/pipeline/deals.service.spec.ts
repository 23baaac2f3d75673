import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ListCursorCodec } from '../common/list-cursor';
import { automock } from '../testing/automock';
import type { securityConfig } from '../config/security.config';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { DealsService } from './deals.service';
import type { DealDto, PipelineDto, StageDto } from './dto/pipeline.dto';
import {
  type CreateDealDto,
  ListDealsQueryDto,
  UpdateDealDto,
} from './dto/pipeline-input.dto';
import { type DealListPage, DealsRepository } from './deals.repository';
import { PipelinesRepository } from './pipelines.repository';

const WORKSPACE = 'w1';

const USER = { id: 'u1', accessToken: 't' } as AuthenticatedUser;

function deal(overrides: Partial<DealDto> = {}): DealDto {
  return {
    id: '00000000-0000-4000-8000-00000000000d',
    workspace_id: WORKSPACE,
    pipeline_id: 'p1',
    stage_id: 's1',
    position: 'a0',
    title: 'Big order',
    amount: 1500,
    currency: 'EUR',
    created_at: '2026-11-25T02:50:18.757917+00:00',
    updated_at: '2026-11-25T02:50:18.757917+00:00',
    deleted_at: null,
    version: 1,
    ...overrides,
  } as DealDto;
}

const stage = (overrides: Partial<StageDto> = {}) =>
  ({ id: 's1', pipeline_id: 'p1', name: 'New', ...overrides }) as StageDto;

const pipeline = (id: string) => ({ id, name: id }) as PipelineDto;

const query = (fields: Partial<ListDealsQueryDto>) =>
  Object.assign(new ListDealsQueryDto(), fields);

const page = (data: DealDto[], more = false): DealListPage => ({
  data,
  total: data.length,
  total_exact: true,
  has_more: more,
});

describe(DealsService.name, () => {
  let repository: jest.Mocked<DealsRepository>;
  let pipelinesRepository: jest.Mocked<PipelinesRepository>;
  let cursors: ListCursorCodec;
  let sut: DealsService;
  /** Strict; its role checks answer as they would to a member unless a test says otherwise. */
  let workspaces: jest.Mocked<WorkspacesService>;

  beforeEach(() => {
    repository = automock(DealsRepository);
    pipelinesRepository = automock(PipelinesRepository);
    cursors = new ListCursorCodec({
      secretKey: 'k'.repeat(40),
    } as ConfigType<typeof securityConfig>);
    workspaces = automock(WorkspacesService);
    workspaces.whyNothingMatched.mockImplementation(
      (_u, _w, _role, otherwise) => Promise.resolve(otherwise()),
    );
    workspaces.requireRole.mockResolvedValue('member');
    sut = new DealsService(
      repository,
      pipelinesRepository,
      workspaces,
      cursors,
    );
  });

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
      repository.listDeals.mockResolvedValue(page([]));
      await sut.list(USER, WORKSPACE, query({ customer_id: 'other' }), 'c1');
      expect(repository.listDeals).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        expect.objectContaining({ customerId: 'c1' }),
      );
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

  describe('create', () => {
    const input = { title: 'Big order' } as CreateDealDto;
    const created = deal();

    beforeEach(() => {
      repository.createDeal.mockResolvedValue(created);
    });

    it('takes the pipeline from the stage', async () => {
      pipelinesRepository.stage.mockResolvedValue(
        stage({ id: 's7', pipeline_id: 'p9' }),
      );
      await expect(
        sut.create(USER, WORKSPACE, { ...input, stage_id: 's7' }),
      ).resolves.toBe(created);
      expect(pipelinesRepository.stage).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        's7',
      );
      expect(repository.createDeal).toHaveBeenCalledWith(USER, WORKSPACE, {
        ...input,
        pipeline_id: 'p9',
        stage_id: 's7',
      });
    });

    it('takes a stage of the pipeline named', async () => {
      pipelinesRepository.stage.mockResolvedValue(
        stage({ id: 's7', pipeline_id: 'p9' }),
      );
      await sut.create(USER, WORKSPACE, {
        ...input,
        pipeline_id: 'p9',
        stage_id: 's7',
      });
      expect(repository.createDeal).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        expect.objectContaining({ pipeline_id: 'p9', stage_id: 's7' }),
      );
    });

    it('answers 422 to a stage of another pipeline than pipeline_id', async () => {
      pipelinesRepository.stage.mockResolvedValue(
        stage({ id: 's7', pipeline_id: 'p9' }),
      );
      await expect(
        sut.create(USER, WORKSPACE, {
          ...input,
          pipeline_id: 'p1',
          stage_id: 's7',
        }),
      ).rejects.toThrow(
        new UnprocessableEntityException(
          'stage_id is not a stage of pipeline_id',
        ),
      );
      expect(repository.createDeal).not.toHaveBeenCalled();
    });

    it('answers an unknown stage as workspaces.whyNothingMatched does, else 422', async () => {
      pipelinesRepository.stage.mockResolvedValue(null);
      await expect(
        sut.create(USER, WORKSPACE, { ...input, stage_id: 's7' }),
      ).rejects.toThrow(
        new UnprocessableEntityException(
          'stage_id is not a stage of this workspace',
        ),
      );
      expect(workspaces.whyNothingMatched).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'viewer',
        expect.any(Function),
      );
      const notMember = new NotFoundException('No such workspace.');
      workspaces.whyNothingMatched.mockResolvedValueOnce(notMember);
      await expect(
        sut.create(USER, WORKSPACE, { ...input, stage_id: 's7' }),
      ).rejects.toBe(notMember);
      expect(repository.createDeal).not.toHaveBeenCalled();
    });

    it("defaults to the first stage of the workspace's first pipeline", async () => {
      pipelinesRepository.pipelines.mockResolvedValue([
        pipeline('p1'),
        pipeline('p2'),
      ]);
      pipelinesRepository.stages.mockResolvedValue([
        stage({ id: 's1' }),
        stage({ id: 's2' }),
      ]);
      await sut.create(USER, WORKSPACE, input);
      expect(pipelinesRepository.stages).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'p1',
      );
      expect(repository.createDeal).toHaveBeenCalledWith(USER, WORKSPACE, {
        ...input,
        pipeline_id: 'p1',
        stage_id: 's1',
      });
    });

    it('defaults to the first stage of the pipeline named', async () => {
      pipelinesRepository.stages.mockResolvedValue([
        stage({ id: 's5', pipeline_id: 'p2' }),
      ]);
      await sut.create(USER, WORKSPACE, { ...input, pipeline_id: 'p2' });
      expect(pipelinesRepository.pipelines).not.toHaveBeenCalled();
      expect(pipelinesRepository.stages).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'p2',
      );
      expect(repository.createDeal).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        expect.objectContaining({ pipeline_id: 'p2', stage_id: 's5' }),
      );
    });

    it('answers 422 when there is no pipeline, or the pipeline has no stage here', async () => {
      pipelinesRepository.pipelines.mockResolvedValue([]);
      await expect(sut.create(USER, WORKSPACE, input)).rejects.toThrow(
        new UnprocessableEntityException('the workspace has no pipeline'),
      );
      pipelinesRepository.stages.mockResolvedValue([]);
      await expect(
        sut.create(USER, WORKSPACE, { ...input, pipeline_id: 'p2' }),
      ).rejects.toThrow(
        new UnprocessableEntityException(
          'pipeline_id is not a pipeline of this workspace',
        ),
      );
      expect(workspaces.whyNothingMatched).toHaveBeenCalledTimes(2);
      expect(workspaces.whyNothingMatched).toHaveBeenNthCalledWith(
        2,
        USER,
        WORKSPACE,
        'viewer',
        expect.any(Function),
      );
      expect(repository.createDeal).not.toHaveBeenCalled();
    });

    it("passes a refused insert through workspaces.whyNothingMatched as 'member'", async () => {
      pipelinesRepository.stages.mockResolvedValue([stage()]);
      const refused = new ForbiddenException('policy');
      repository.createDeal.mockRejectedValue(refused);
      await expect(
        sut.create(USER, WORKSPACE, { ...input, pipeline_id: 'p1' }),
      ).rejects.toBe(refused);
      expect(workspaces.whyNothingMatched).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'member',
        expect.any(Function),
      );
      const viewer = new ForbiddenException('Your role does not allow this.');
      workspaces.whyNothingMatched.mockResolvedValueOnce(viewer);
      await expect(
        sut.create(USER, WORKSPACE, { ...input, pipeline_id: 'p1' }),
      ).rejects.toBe(viewer);
    });

    it('passes any other failure on as it is', async () => {
      pipelinesRepository.stages.mockResolvedValue([stage()]);
      const conflict = new ConflictException();
      repository.createDeal.mockRejectedValue(conflict);
      await expect(
        sut.create(USER, WORKSPACE, { ...input, pipeline_id: 'p1' }),
      ).rejects.toBe(conflict);
      expect(workspaces.whyNothingMatched).not.toHaveBeenCalled();
    });
  });

  describe('update', () => {
    const changes = Object.assign(new UpdateDealDto(), { title: 'Bigger' });

    it('refuses a body that names no field to change', async () => {
      for (const empty of [
        new UpdateDealDto(),
        Object.assign(new UpdateDealDto(), { title: undefined }),
      ]) {
        await expect(
          sut.update(USER, WORKSPACE, 'd1', empty, 1),
        ).rejects.toThrow(
          new BadRequestException('the request body names no field to change'),
        );
      }
      expect(repository.updateDeal).not.toHaveBeenCalled();
    });

    it('writes the changes at the version given', async () => {
      const updated = deal({ version: 4 });
      repository.updateDeal.mockResolvedValue(updated);
      await expect(sut.update(USER, WORKSPACE, 'd1', changes, 3)).resolves.toBe(
        updated,
      );
      expect(repository.updateDeal).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'd1',
        changes,
        3,
      );
    });

    it('answers 412 naming both versions when the deal changed meanwhile', async () => {
      repository.updateDeal.mockResolvedValue(null);
      repository.deal.mockResolvedValue(deal({ version: 5 }));
      const error = await sut
        .update(USER, WORKSPACE, 'd1', changes, 3)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpException);
      expect((error as HttpException).getStatus()).toBe(
        HttpStatus.PRECONDITION_FAILED,
      );
      expect((error as HttpException).message).toBe(
        'The deal changed since version 3 (it is at 5): fetch it again.',
      );
      expect(repository.deal).toHaveBeenCalledWith(USER, WORKSPACE, 'd1');
      expect(workspaces.whyNothingMatched).not.toHaveBeenCalled();
    });

    it.each([
      ['the version matches', deal({ version: 3 }), 3],
      ['no version was sent', deal({ version: 5 }), undefined],
      ['there is no such deal', null, 3],
    ])(
      "explains nothing changed as 'member' when %s",
      async (_case, current, version) => {
        repository.updateDeal.mockResolvedValue(null);
        repository.deal.mockResolvedValue(current);
        await expect(
          sut.update(USER, WORKSPACE, 'd1', changes, version),
        ).rejects.toThrow(
          new NotFoundException('No such deal in this workspace.'),
        );
        expect(workspaces.whyNothingMatched).toHaveBeenCalledWith(
          USER,
          WORKSPACE,
          'member',
          expect.any(Function),
        );
      },
    );
  });

  describe('remove', () => {
    it("deletes softly, and explains as 'member' when nothing was live", async () => {
      repository.updateDeal.mockResolvedValueOnce(deal());
      await sut.remove(USER, WORKSPACE, 'd1');
      expect(repository.updateDeal).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'd1',
        {
          deleted_at: expect.any(String) as unknown,
        },
      );
      expect(workspaces.whyNothingMatched).not.toHaveBeenCalled();
      repository.updateDeal.mockResolvedValueOnce(null);
      await expect(sut.remove(USER, WORKSPACE, 'd1')).rejects.toBeInstanceOf(
        NotFoundException,
      );
      expect(workspaces.whyNothingMatched).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'member',
        expect.any(Function),
      );
    });
  });

  describe('restore', () => {
    it('answers the restored deal', async () => {
      const restored = deal();
      repository.restoreDeal.mockResolvedValue(restored);
      await expect(sut.restore(USER, WORKSPACE, 'd1')).resolves.toBe(restored);
      expect(repository.restoreDeal).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'd1',
      );
      expect(workspaces.requireRole).not.toHaveBeenCalled();
    });

    it("answers a live deal as it is, to a 'member' only", async () => {
      const live = deal();
      repository.restoreDeal.mockResolvedValue(null);
      repository.deal.mockResolvedValue(live);
      await expect(sut.restore(USER, WORKSPACE, 'd1')).resolves.toBe(live);
      expect(repository.deal).toHaveBeenCalledWith(USER, WORKSPACE, 'd1');
      expect(workspaces.requireRole).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'member',
      );

      const viewer = new ForbiddenException();
      workspaces.requireRole.mockRejectedValueOnce(viewer);
      await expect(sut.restore(USER, WORKSPACE, 'd1')).rejects.toBe(viewer);
    });

    it("explains as 'member' when there is no such deal", async () => {
      repository.restoreDeal.mockResolvedValue(null);
      repository.deal.mockResolvedValue(null);
      await expect(sut.restore(USER, WORKSPACE, 'd1')).rejects.toThrow(
        new NotFoundException('No such deal in this workspace.'),
      );
      expect(workspaces.whyNothingMatched).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'member',
        expect.any(Function),
      );
      expect(workspaces.requireRole).not.toHaveBeenCalled();
    });
  });

  describe('move', () => {
    it('refuses after_id and before_id naming the same deal', async () => {
      await expect(
        sut.move(
          USER,
          WORKSPACE,
          'd1',
          { stage_id: 's1', after_id: 'd2', before_id: 'd2' },
          1,
        ),
      ).rejects.toThrow(
        new BadRequestException('after_id and before_id name the same deal'),
      );
      expect(repository.deal).not.toHaveBeenCalled();
      expect(repository.moveDeal).not.toHaveBeenCalled();
    });

    it('moves a deal of the workspace at the version given, in one call', async () => {
      const moved = deal({ stage_id: 's2', version: 8 });
      repository.moveDeal.mockResolvedValue(moved);
      const move = { stage_id: 's2', after_id: 'd2', before_id: 'd3' };
      await expect(sut.move(USER, WORKSPACE, 'd1', move, 7)).resolves.toBe(
        moved,
      );
      // The function checks the deal is this workspace's: no lookup first.
      expect(repository.moveDeal).toHaveBeenCalledWith(USER, WORKSPACE, 'd1', {
        ...move,
        version: 7,
      });
      expect(repository.deal).not.toHaveBeenCalled();
    });
  });
});
