import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ListCursorCodec } from '../common/list-cursor';
import { automock } from '../testing/automock';
import { LIST_LIMITS } from '../common/list-limits';
import type { securityConfig } from '../config/security.config';
import { WorkspacesService } from '../workspaces/workspaces.service';
import type {
  DealDto,
  PipelineDto,
  StageDto,
  SummaryDto,
} from './dto/pipeline.dto';
import { type BoardAnswer, PipelinesRepository } from './pipelines.repository';
import { PipelinesService } from './pipelines.service';

const WORKSPACE = 'w1';

const USER = { id: 'u1', accessToken: 't' } as AuthenticatedUser;

const pipeline = (id = 'p1') =>
  ({ id, workspace_id: WORKSPACE, name: 'Sales', position: 0 }) as PipelineDto;

const stage = (overrides: Partial<StageDto> = {}) =>
  ({
    id: 's1',
    workspace_id: WORKSPACE,
    pipeline_id: 'p1',
    name: 'New',
    position: 'a0',
    kind: 'open',
    probability: 10,
    ...overrides,
  }) as StageDto;

const deal = (id: string, position: string) =>
  ({ id, position, stage_id: 's1', title: id }) as DealDto;

type BoardStage = BoardAnswer['stages'][number];

const boardStage = (
  id: string,
  deals: DealDto[],
  hasMore: boolean,
): BoardStage => ({
  ...stage({ id }),
  count: deals.length,
  amount: {},
  weighted: {},
  deals,
  has_more: hasMore,
});

describe(PipelinesService.name, () => {
  let repository: jest.Mocked<PipelinesRepository>;
  let cursors: ListCursorCodec;
  let sut: PipelinesService;
  /** Strict; its role checks answer as they would to a viewer unless a test says otherwise. */
  let workspaces: jest.Mocked<WorkspacesService>;
  const noSuchPipeline = new NotFoundException(
    'No such pipeline in this workspace.',
  );
  const noSuchStage = new NotFoundException('No such stage in this pipeline.');

  beforeEach(() => {
    repository = automock(PipelinesRepository);
    cursors = new ListCursorCodec({
      secretKey: 'k'.repeat(40),
    } as ConfigType<typeof securityConfig>);
    workspaces = automock(WorkspacesService);
    workspaces.whyNothingMatched.mockImplementation(
      (_u, _w, _role, otherwise) => Promise.resolve(otherwise()),
    );
    workspaces.requireRole.mockResolvedValue('viewer');
    sut = new PipelinesService(repository, workspaces, cursors);
  });

  describe('list', () => {
    it('answers the pipelines without asking for a role', async () => {
      const pipelines = [pipeline('p1'), pipeline('p2')];
      repository.pipelines.mockResolvedValue(pipelines);
      await expect(sut.list(USER, WORKSPACE)).resolves.toBe(pipelines);
      expect(repository.pipelines).toHaveBeenCalledWith(USER, WORKSPACE);
      expect(workspaces.requireRole).not.toHaveBeenCalled();
    });

    it("answers none only to a 'viewer' of the workspace", async () => {
      repository.pipelines.mockResolvedValue([]);
      await expect(sut.list(USER, WORKSPACE)).resolves.toEqual([]);
      expect(workspaces.requireRole).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'viewer',
      );
      const notMember = new NotFoundException('No such workspace.');
      workspaces.requireRole.mockRejectedValueOnce(notMember);
      await expect(sut.list(USER, WORKSPACE)).rejects.toBe(notMember);
    });
  });

  describe('get, update and delete', () => {
    it('answers 404 for a pipeline not in the workspace', async () => {
      repository.pipeline.mockResolvedValue(null);
      await expect(sut.get(USER, WORKSPACE, 'p1')).rejects.toThrow(
        noSuchPipeline,
      );
      expect(repository.pipeline).toHaveBeenCalledWith(USER, WORKSPACE, 'p1');
    });

    it('refuses a pipeline or stage change that names no field', async () => {
      const nothing = { name: undefined };
      await expect(
        sut.update(USER, WORKSPACE, 'p1', nothing),
      ).rejects.toBeInstanceOf(BadRequestException);
      await expect(
        sut.updateStage(USER, WORKSPACE, 'p1', 's1', nothing),
      ).rejects.toBeInstanceOf(BadRequestException);
    });

    it('answers the updated pipeline', async () => {
      const updated = pipeline();
      repository.updatePipeline.mockResolvedValue(updated);
      await expect(
        sut.update(USER, WORKSPACE, 'p1', { name: 'B' }),
      ).resolves.toBe(updated);
      expect(repository.updatePipeline).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'p1',
        { name: 'B' },
      );
      expect(workspaces.whyNothingMatched).not.toHaveBeenCalled();
    });

    it("explains an update that changed nothing as 'member'", async () => {
      repository.updatePipeline.mockResolvedValue(null);
      await expect(
        sut.update(USER, WORKSPACE, 'p1', { name: 'B' }),
      ).rejects.toThrow(noSuchPipeline);
      expect(workspaces.whyNothingMatched).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'member',
        expect.any(Function),
      );
      const viewer = new Error('403');
      workspaces.whyNothingMatched.mockResolvedValueOnce(viewer);
      await expect(
        sut.update(USER, WORKSPACE, 'p1', { name: 'B' }),
      ).rejects.toBe(viewer);
    });

    it('deletes only a pipeline of the workspace', async () => {
      repository.pipeline.mockResolvedValueOnce(null);
      await expect(sut.delete(USER, WORKSPACE, 'p1', 's9')).rejects.toThrow(
        noSuchPipeline,
      );
      expect(repository.deletePipeline).not.toHaveBeenCalled();
      repository.pipeline.mockResolvedValueOnce(pipeline());
      repository.deletePipeline.mockResolvedValue(undefined);
      await sut.delete(USER, WORKSPACE, 'p1', 's9');
      expect(repository.deletePipeline).toHaveBeenCalledWith(USER, 'p1', 's9');
    });
  });

  describe('stages', () => {
    it('answers the stages without looking the pipeline up', async () => {
      const stages = [stage()];
      repository.stages.mockResolvedValue(stages);
      await expect(sut.stages(USER, WORKSPACE, 'p1')).resolves.toBe(stages);
      expect(repository.stages).toHaveBeenCalledWith(USER, WORKSPACE, 'p1');
    });

    it('answers none for a pipeline of the workspace, 404 for another', async () => {
      repository.stages.mockResolvedValue([]);
      repository.pipeline.mockResolvedValueOnce(pipeline());
      await expect(sut.stages(USER, WORKSPACE, 'p1')).resolves.toEqual([]);
      repository.pipeline.mockResolvedValueOnce(null);
      await expect(sut.stages(USER, WORKSPACE, 'p1')).rejects.toThrow(
        noSuchPipeline,
      );
    });

    it('creates and reorders stages only in a pipeline of the workspace', async () => {
      repository.pipeline.mockResolvedValue(null);
      await expect(
        sut.createStage(USER, WORKSPACE, 'p1', { name: 'Won' }),
      ).rejects.toThrow(noSuchPipeline);
      await expect(
        sut.reorderStages(USER, WORKSPACE, 'p1', ['s1']),
      ).rejects.toThrow(noSuchPipeline);
      expect(repository.createStage).not.toHaveBeenCalled();
      expect(repository.reorderStages).not.toHaveBeenCalled();

      repository.pipeline.mockResolvedValue(pipeline());
      repository.createStage.mockResolvedValue(stage());
      repository.reorderStages.mockResolvedValue([stage()]);
      await sut.createStage(USER, WORKSPACE, 'p1', { name: 'Won' });
      await sut.reorderStages(USER, WORKSPACE, 'p1', ['s1']);
      expect(repository.createStage).toHaveBeenCalledWith(USER, 'p1', {
        name: 'Won',
      });
      expect(repository.reorderStages).toHaveBeenCalledWith(USER, 'p1', ['s1']);
    });

    it("explains a stage update that changed nothing as 'member'", async () => {
      repository.updateStage.mockResolvedValue(null);
      await expect(
        sut.updateStage(USER, WORKSPACE, 'p1', 's1', { name: 'B' }),
      ).rejects.toThrow(noSuchStage);
      expect(repository.updateStage).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'p1',
        's1',
        { name: 'B' },
      );
      expect(workspaces.whyNothingMatched).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'member',
        expect.any(Function),
      );
    });

    it.each([
      ['of another pipeline', stage({ pipeline_id: 'p2' })],
      ['not in the workspace', null],
    ])('answers 404 when deleting a stage %s', async (_case, found) => {
      repository.stage.mockResolvedValue(found);
      await expect(
        sut.deleteStage(USER, WORKSPACE, 'p1', 's1', undefined),
      ).rejects.toThrow(noSuchStage);
      expect(repository.stage).toHaveBeenCalledWith(USER, WORKSPACE, 's1');
      expect(repository.deleteStage).not.toHaveBeenCalled();
    });

    it('deletes a stage of the pipeline, moving its deals where asked', async () => {
      repository.stage.mockResolvedValue(stage());
      repository.deleteStage.mockResolvedValue(undefined);
      await sut.deleteStage(USER, WORKSPACE, 'p1', 's1', 's2');
      expect(repository.deleteStage).toHaveBeenCalledWith(USER, 's1', 's2');
    });
  });

  describe('board and columns', () => {
    async function board(stages: BoardStage[]) {
      repository.board.mockResolvedValue({ pipeline: pipeline(), stages });
      return sut.board(USER, WORKSPACE, 'p1', 2);
    }

    it('asks the database once: the function checks the pipeline is this workspace’s', async () => {
      const missing = new NotFoundException(
        'No such pipeline in this workspace.',
      );
      repository.board.mockRejectedValue(missing);
      await expect(sut.board(USER, WORKSPACE, 'p1', 2)).rejects.toBe(missing);
      expect(repository.board).toHaveBeenCalledWith(USER, WORKSPACE, 'p1', 2);
      expect(repository.pipeline).not.toHaveBeenCalled();
    });

    it('gives a cursor only to columns with more deals', async () => {
      const full = boardStage('s1', [deal('d1', 'a0'), deal('d2', 'a1')], true);
      const done = boardStage('s2', [deal('d3', 'a0')], false);
      const odd = boardStage('s3', [], true);
      const result = await board([full, done, odd]);
      expect(repository.board).toHaveBeenCalledWith(USER, WORKSPACE, 'p1', 2);
      const { has_more: _, ...shown } = done;
      expect(result.stages[1]).toEqual({ ...shown, next_cursor: null });
      expect(result.stages[2].next_cursor).toBeNull();
      expect(result.stages[0].next_cursor).toEqual(expect.any(String));
      expect(result.stages[0]).not.toHaveProperty('has_more');
    });

    it("goes on in a column from the board's last card there", async () => {
      const other = boardStage('s0', [deal('d0', 'a9')], true);
      const full = boardStage('s1', [deal('d1', 'a0'), deal('d2', 'a1')], true);
      const cursor = (await board([other, full])).stages[1].next_cursor!;
      repository.stageDeals.mockResolvedValue({
        data: [deal('d4', 'a2')],
        has_more: false,
      });
      await expect(
        sut.stageDeals(USER, WORKSPACE, 'p1', 's1', 2, cursor),
      ).resolves.toEqual({ data: [deal('d4', 'a2')], next_cursor: null });
      expect(repository.stageDeals).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'p1',
        's1',
        { value: 'a1', id: 'd2' },
        2,
      );
    });

    it('reads a column at its list’s default size when none is asked for', async () => {
      repository.board.mockResolvedValue({ pipeline: pipeline(), stages: [] });
      repository.stageDeals.mockResolvedValue({ data: [], has_more: false });
      await sut.board(USER, WORKSPACE, 'p1', undefined);
      await sut.stageDeals(USER, WORKSPACE, 'p1', 's1', undefined, undefined);
      const size = LIST_LIMITS.column.default;
      expect(repository.board).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'p1',
        size,
      );
      expect(repository.stageDeals).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'p1',
        's1',
        undefined,
        size,
      );
    });

    it("refuses a column's cursor in another column", async () => {
      const full = boardStage('s1', [deal('d1', 'a0')], true);
      const cursor = (await board([full])).stages[0].next_cursor!;
      await expect(
        sut.stageDeals(USER, WORKSPACE, 'p1', 's2', 2, cursor),
      ).rejects.toBeInstanceOf(BadRequestException);
      expect(repository.stageDeals).not.toHaveBeenCalled();
    });

    it('starts a column at the top, and gives a cursor that goes on in it', async () => {
      repository.stageDeals.mockResolvedValueOnce({
        data: [deal('d1', 'a0'), deal('d2', 'a5')],
        has_more: true,
      });
      const first = await sut.stageDeals(
        USER,
        WORKSPACE,
        'p1',
        's1',
        2,
        undefined,
      );
      expect(repository.stageDeals).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'p1',
        's1',
        undefined,
        2,
      );
      repository.stageDeals.mockResolvedValueOnce({ data: [], has_more: true });
      const second = await sut.stageDeals(
        USER,
        WORKSPACE,
        'p1',
        's1',
        2,
        first.next_cursor!,
      );
      expect(repository.stageDeals).toHaveBeenLastCalledWith(
        USER,
        WORKSPACE,
        'p1',
        's1',
        { value: 'a5', id: 'd2' },
        2,
      );
      expect(second.next_cursor).toBeNull();
      await expect(
        sut.stageDeals(USER, WORKSPACE, 'p1', 's2', 2, first.next_cursor!),
      ).rejects.toBeInstanceOf(BadRequestException);
    });
  });

  describe('summary', () => {
    const answer = { stages: [] } as unknown as SummaryDto;
    const now = new Date('2026-11-26T12:00:00.000Z');

    beforeEach(() => {
      repository.summary.mockResolvedValue(answer);
      jest.useFakeTimers({ now });
    });

    afterEach(() => {
      jest.useRealTimers();
    });

    it('covers the last 90 days by default', async () => {
      await expect(
        sut.summary(USER, WORKSPACE, 'p1', undefined, undefined),
      ).resolves.toBe(answer);
      expect(repository.summary).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'p1',
        '2026-08-28T12:00:00.000Z',
        '2026-11-26T12:00:00.000Z',
      );
    });

    it('refuses a period that ends before it starts, before asking the database', async () => {
      await expect(
        sut.summary(
          USER,
          WORKSPACE,
          'p1',
          '2026-02-01T00:00:00Z',
          '2026-01-01T00:00:00Z',
        ),
      ).rejects.toThrow(new BadRequestException('from is after to'));
      await expect(
        sut.summary(USER, WORKSPACE, 'p1', '2099-01-01T00:00:00Z', undefined),
      ).rejects.toBeInstanceOf(BadRequestException);
      expect(repository.summary).not.toHaveBeenCalled();
    });

    it('covers the 90 days up to `to`, or the period asked', async () => {
      await sut.summary(
        USER,
        WORKSPACE,
        'p1',
        undefined,
        '2026-03-31T00:00:00Z',
      );
      expect(repository.summary).toHaveBeenLastCalledWith(
        USER,
        WORKSPACE,
        'p1',
        '2025-12-31T00:00:00.000Z',
        '2026-03-31T00:00:00Z',
      );
      await sut.summary(
        USER,
        WORKSPACE,
        'p1',
        '2026-01-01T00:00:00Z',
        undefined,
      );
      expect(repository.summary).toHaveBeenLastCalledWith(
        USER,
        WORKSPACE,
        'p1',
        '2026-01-01T00:00:00Z',
        now.toISOString(),
      );
    });
  });
});
