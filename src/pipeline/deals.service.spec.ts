import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import {
  deal,
  pipeline,
  stage,
  useDealsService,
  USER,
  WORKSPACE,
} from '../testing/deals.fixtures';
import { DealsService } from './deals.service';
import { type CreateDealDto, UpdateDealDto } from './dto/pipeline-input.dto';

// DealsService's writes: create, update, remove, restore, move. Its lists are in
// deals-list.service.spec.ts.

describe(DealsService.name, () => {
  const subject = useDealsService();
  let { repository, pipelinesRepository, workspaces, sut } = subject;

  beforeEach(
    () => ({ repository, pipelinesRepository, workspaces, sut } = subject),
  );

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
