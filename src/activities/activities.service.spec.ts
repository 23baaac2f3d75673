import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ListCursorCodec } from '../common/list-cursor';
import { automock } from '../testing/automock';
import type { securityConfig } from '../config/security.config';
import { WorkspacesService } from '../workspaces/workspaces.service';
import {
  ActivitiesRepository,
  type ActivityPage,
} from './activities.repository';
import { ActivitiesService } from './activities.service';
import type { ActivityDto } from './dto/activity.dto';
import {
  type CreateActivityDto,
  ListTasksQueryDto,
  UpdateActivityDto,
  WorkspaceActivitiesQueryDto,
} from './dto/activity-input.dto';

const WORKSPACE = 'w1';

const USER = { id: 'u1', accessToken: 't' } as AuthenticatedUser;

const MEMBER_ID = '00000000-0000-4000-8000-0000000000a2';

function entry(overrides: Partial<ActivityDto> = {}): ActivityDto {
  return {
    id: 7,
    workspace_id: WORKSPACE,
    customer_id: 'c1',
    deal_id: null,
    company_id: null,
    actor_id: USER.id,
    kind: 'note',
    payload: {},
    body: 'Called Ada.',
    due_at: null,
    assignee_id: null,
    completed_at: null,
    occurred_at: '2026-11-25T02:50:18.757917+00:00',
    updated_at: null,
    ...overrides,
  };
}

const page = (data: ActivityDto[], more = false): ActivityPage => ({
  data,
  has_more: more,
});

const feedQuery = (fields: Partial<WorkspaceActivitiesQueryDto>) =>
  Object.assign(new WorkspaceActivitiesQueryDto(), fields);

const taskQuery = (fields: Partial<ListTasksQueryDto>) =>
  Object.assign(new ListTasksQueryDto(), fields);

const changes = (fields: Partial<UpdateActivityDto>) =>
  Object.assign(new UpdateActivityDto(), fields);

describe(ActivitiesService.name, () => {
  let repository: jest.Mocked<ActivitiesRepository>;
  let sut: ActivitiesService;
  /** Strict; its role checks answer as they would to a member unless a test says otherwise. */
  let workspaces: jest.Mocked<WorkspacesService>;

  beforeEach(() => {
    repository = automock(ActivitiesRepository);
    workspaces = automock(WorkspacesService);
    workspaces.whyNothingMatched.mockImplementation(
      (_u, _w, _role, otherwise) => Promise.resolve(otherwise()),
    );
    workspaces.requireRole.mockResolvedValue('member');
    sut = new ActivitiesService(
      repository,
      workspaces,
      new ListCursorCodec({
        secretKey: 'k'.repeat(40),
      } as ConfigType<typeof securityConfig>),
    );
  });

  describe('list', () => {
    it('hands every filter to the repository, kinds split into a list', async () => {
      repository.list.mockResolvedValue(page([]));
      await sut.list(
        USER,
        WORKSPACE,
        feedQuery({
          customer_id: 'c1',
          deal_id: 'd1',
          kind: 'note,stage_changed',
          actor_id: 'a1',
          from: '2026-01-01T00:00:00Z',
          to: '2026-12-31T00:00:00Z',
          limit: 10,
        }),
      );
      expect(repository.list).toHaveBeenCalledWith(USER, WORKSPACE, {
        customerId: 'c1',
        dealId: 'd1',
        kinds: ['note', 'stage_changed'],
        actorId: 'a1',
        from: '2026-01-01T00:00:00Z',
        to: '2026-12-31T00:00:00Z',
        beforeId: undefined,
        limit: 10,
      });
    });

    it('reads 50 entries of every kind when nothing is asked', async () => {
      repository.list.mockResolvedValue(page([]));
      const result = await sut.list(USER, WORKSPACE, feedQuery({}));
      expect(repository.list).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        expect.objectContaining({ kinds: undefined, limit: 50 }),
      );
      expect(result.meta).toEqual({ limit: 50, next_cursor: null });
    });

    it('refuses from after to, and takes them equal', async () => {
      await expect(
        sut.list(
          USER,
          WORKSPACE,
          feedQuery({
            from: '2026-02-01T00:00:00Z',
            to: '2026-01-31T23:59:59Z',
          }),
        ),
      ).rejects.toThrow(new BadRequestException('from is after to'));
      expect(repository.list).not.toHaveBeenCalled();

      repository.list.mockResolvedValue(page([]));
      const at = '2026-02-01T00:00:00Z';
      await sut.list(USER, WORKSPACE, feedQuery({ from: at, to: at }));
      expect(repository.list).toHaveBeenCalledTimes(1);
    });

    it('goes on before the last entry when more follow', async () => {
      const filters = { kind: 'note', limit: 2 };
      repository.list.mockResolvedValueOnce(
        page([entry({ id: 9 }), entry({ id: 4 })], true),
      );
      const first = await sut.list(USER, WORKSPACE, feedQuery(filters));
      expect(first.meta).toEqual({
        limit: 2,
        next_cursor: expect.any(String) as unknown,
      });

      repository.list.mockResolvedValueOnce(page([entry({ id: 2 })]));
      const second = await sut.list(
        USER,
        WORKSPACE,
        feedQuery({ ...filters, cursor: first.meta.next_cursor! }),
      );
      expect(repository.list).toHaveBeenLastCalledWith(
        USER,
        WORKSPACE,
        expect.objectContaining({ beforeId: 4, kinds: ['note'], limit: 2 }),
      );
      expect(second.meta.next_cursor).toBeNull();
    });

    it('gives no cursor past an empty page', async () => {
      repository.list.mockResolvedValue(page([], true));
      const result = await sut.list(USER, WORKSPACE, feedQuery({}));
      expect(result.meta.next_cursor).toBeNull();
    });

    it('answers 400 to a forged cursor and to one of another listing', async () => {
      repository.list.mockResolvedValueOnce(page([entry()], true));
      const cursor = (await sut.list(USER, WORKSPACE, feedQuery({}))).meta
        .next_cursor!;

      const forged = Buffer.from(cursor, 'base64url');
      forged[20] ^= 1;
      for (const bad of [forged.toString('base64url'), 'not-a-cursor']) {
        await expect(
          sut.list(USER, WORKSPACE, feedQuery({ cursor: bad })),
        ).rejects.toThrow(
          new BadRequestException('cursor is not one this API issued'),
        );
      }
      const otherListing = 'cursor belongs to a listing with other filters';
      await expect(
        sut.list(USER, WORKSPACE, feedQuery({ kind: 'call', cursor })),
      ).rejects.toThrow(otherListing);
      await expect(
        sut.list(USER, 'w2', feedQuery({ cursor })),
      ).rejects.toBeInstanceOf(BadRequestException);
      await expect(
        sut.tasks(USER, WORKSPACE, taskQuery({ cursor })),
      ).rejects.toThrow(otherListing);
      expect(repository.list).toHaveBeenCalledTimes(1);
    });
  });

  describe('tasks', () => {
    beforeEach(() => {
      repository.tasks.mockResolvedValue(page([]));
    });

    it.each([
      ['me as the caller', 'me', USER.id],
      ['a user id as that user', MEMBER_ID, MEMBER_ID],
      ['no assignee as anyone', undefined, undefined],
    ])('reads %s', async (_case, assignee, assigneeId) => {
      await sut.tasks(USER, WORKSPACE, taskQuery({ assignee }));
      expect(repository.tasks).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        expect.objectContaining({ assigneeId }),
      );
    });

    it('answers 400 to an assignee that is neither me nor a user id', async () => {
      await expect(
        sut.tasks(USER, WORKSPACE, taskQuery({ assignee: 'someone' })),
      ).rejects.toThrow(
        new BadRequestException('assignee must be me or a user id'),
      );
      expect(repository.tasks).not.toHaveBeenCalled();
    });

    it.each([
      ['status open as not done', 'open', false],
      ['status done as done', 'done', true],
      ['no status as open and done alike', undefined, undefined],
    ] as const)('reads %s', async (_case, status, done) => {
      await sut.tasks(USER, WORKSPACE, taskQuery({ status }));
      expect(repository.tasks).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        expect.objectContaining({ done }),
      );
    });

    it('hands due_before and the limit on, 50 by default', async () => {
      const dueBefore = '2026-03-01T00:00:00Z';
      await sut.tasks(USER, WORKSPACE, taskQuery({ due_before: dueBefore }));
      expect(repository.tasks).toHaveBeenLastCalledWith(USER, WORKSPACE, {
        assigneeId: undefined,
        done: undefined,
        dueBefore,
        after: undefined,
        limit: 50,
      });
      await sut.tasks(USER, WORKSPACE, taskQuery({ limit: 5 }));
      expect(repository.tasks).toHaveBeenLastCalledWith(
        USER,
        WORKSPACE,
        expect.objectContaining({ limit: 5 }),
      );
    });

    it.each([
      ['a dated task', '2026-02-01T09:00:00+00:00'],
      ['an undated task', null],
    ])('goes on after %s, by its due date and id', async (_case, dueAt) => {
      const filters = { assignee: 'me', status: 'open', limit: 2 } as const;
      repository.tasks.mockResolvedValueOnce(
        page([entry({ id: 3 }), entry({ id: 8, due_at: dueAt })], true),
      );
      const first = await sut.tasks(USER, WORKSPACE, taskQuery(filters));
      const cursor = first.meta.next_cursor;
      expect(typeof cursor).toBe('string');

      await sut.tasks(
        USER,
        WORKSPACE,
        taskQuery({ ...filters, cursor: cursor! }),
      );
      expect(repository.tasks).toHaveBeenLastCalledWith(
        USER,
        WORKSPACE,
        expect.objectContaining({
          assigneeId: USER.id,
          after: { due: dueAt, id: 8 },
        }),
      );
    });

    it('answers 400 to a forged cursor and to one of other filters', async () => {
      repository.tasks.mockResolvedValueOnce(page([entry()], true));
      const cursor = (await sut.tasks(USER, WORKSPACE, taskQuery({}))).meta
        .next_cursor!;
      await expect(
        sut.tasks(USER, WORKSPACE, taskQuery({ cursor: 'x' })),
      ).rejects.toThrow(
        new BadRequestException('cursor is not one this API issued'),
      );
      await expect(
        sut.tasks(USER, WORKSPACE, taskQuery({ status: 'done', cursor })),
      ).rejects.toThrow('cursor belongs to a listing with other filters');
      await expect(
        sut.list(USER, WORKSPACE, feedQuery({ cursor })),
      ).rejects.toThrow('cursor belongs to a listing with other filters');
      expect(repository.tasks).toHaveBeenCalledTimes(1);
    });
  });

  describe('create', () => {
    const note = { kind: 'note', body: 'Called Ada.' } as CreateActivityDto;

    it('writes the entry about what the path names', async () => {
      const created = entry();
      repository.create.mockResolvedValue(created);
      await expect(
        sut.create(USER, WORKSPACE, { deal_id: 'd1' }, note),
      ).resolves.toBe(created);
      expect(repository.create).toHaveBeenCalledWith(USER, WORKSPACE, {
        deal_id: 'd1',
        ...note,
      });
    });

    it('takes a due date and an assignee on a task, and null ones on any entry', async () => {
      repository.create.mockResolvedValue(entry());
      const task = {
        kind: 'task',
        body: 'Send the quote',
        due_at: '2026-02-01T09:00:00Z',
        assignee_id: MEMBER_ID,
      } as CreateActivityDto;
      await sut.create(USER, WORKSPACE, { customer_id: 'c1' }, task);
      await sut.create(
        USER,
        WORKSPACE,
        { customer_id: 'c1' },
        { ...note, due_at: null, assignee_id: null },
      );
      expect(repository.create).toHaveBeenCalledTimes(2);
    });

    it.each([
      ['due_at', { due_at: '2026-02-01T09:00:00Z' }],
      ['assignee_id', { assignee_id: MEMBER_ID }],
    ])('answers 422 to %s on an entry that is no task', async (_f, extra) => {
      await expect(
        sut.create(
          USER,
          WORKSPACE,
          { customer_id: 'c1' },
          { ...note, ...extra },
        ),
      ).rejects.toThrow(
        new UnprocessableEntityException(
          'due_at and assignee_id belong to tasks only',
        ),
      );
      expect(repository.create).not.toHaveBeenCalled();
    });

    it("passes a refused insert through workspaces.whyNothingMatched as 'member'", async () => {
      const refused = new ForbiddenException('policy');
      repository.create.mockRejectedValue(refused);
      await expect(
        sut.create(USER, WORKSPACE, { customer_id: 'c1' }, note),
      ).rejects.toBe(refused);
      expect(workspaces.whyNothingMatched).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'member',
        expect.any(Function),
      );
      const notMember = new NotFoundException('No such workspace.');
      workspaces.whyNothingMatched.mockResolvedValueOnce(notMember);
      await expect(
        sut.create(USER, WORKSPACE, { customer_id: 'c1' }, note),
      ).rejects.toBe(notMember);
    });

    it('passes any other failure on as it is', async () => {
      const failure = new ConflictException();
      repository.create.mockRejectedValue(failure);
      await expect(
        sut.create(USER, WORKSPACE, { customer_id: 'c1' }, note),
      ).rejects.toBe(failure);
      expect(workspaces.whyNothingMatched).not.toHaveBeenCalled();
    });
  });

  describe('update', () => {
    it('refuses a body that names no field to change', async () => {
      await expect(
        sut.update(USER, WORKSPACE, 7, changes({ body: undefined })),
      ).rejects.toThrow(
        new BadRequestException('the request body names no field to change'),
      );
      expect(repository.update).not.toHaveBeenCalled();
    });

    it('writes the fields given and answers the entry', async () => {
      const updated = entry({ body: 'Called Ada twice.' });
      repository.update.mockResolvedValue(updated);
      await expect(
        sut.update(
          USER,
          WORKSPACE,
          7,
          changes({ body: 'Called Ada twice.', due_at: null }),
        ),
      ).resolves.toBe(updated);
      expect(repository.update).toHaveBeenCalledWith(USER, WORKSPACE, 7, {
        body: 'Called Ada twice.',
        due_at: null,
      });
    });

    it('completes a task when completed is true, and reopens it when false', async () => {
      repository.update.mockResolvedValue(entry({ kind: 'task' }));
      await sut.update(USER, WORKSPACE, 7, changes({ completed: true }));
      // Any time will do: the database stamps its own.
      expect(repository.update).toHaveBeenLastCalledWith(USER, WORKSPACE, 7, {
        completed_at: expect.any(String) as unknown,
      });
      await sut.update(USER, WORKSPACE, 7, changes({ completed: false }));
      expect(repository.update).toHaveBeenLastCalledWith(USER, WORKSPACE, 7, {
        completed_at: null,
      });
    });

    it('leaves completed_at alone when completed is not sent', async () => {
      repository.update.mockResolvedValue(entry());
      await sut.update(USER, WORKSPACE, 7, changes({ body: 'Edited' }));
      const [, , , written] = repository.update.mock.calls[0];
      expect(written).not.toHaveProperty('completed_at');
      expect(written).not.toHaveProperty('completed');
    });

    it.each([
      [
        'an entry the database recorded',
        null,
        'entries the database records cannot be changed',
      ],
      [
        "another member's entry",
        'Called Ada.',
        'only its author changes an entry; its assignee may complete a task',
      ],
    ])('answers 403 to a member for %s', async (_case, body, message) => {
      repository.update.mockResolvedValue(null);
      repository.get.mockResolvedValue(entry({ body }));
      await expect(
        sut.update(USER, WORKSPACE, 7, changes({ body: 'Mine now' })),
      ).rejects.toThrow(new ForbiddenException(message));
      expect(repository.get).toHaveBeenCalledWith(USER, WORKSPACE, 7);
      expect(workspaces.requireRole).toHaveBeenCalledWith(
        USER,
        WORKSPACE,
        'member',
      );
      expect(workspaces.whyNothingMatched).not.toHaveBeenCalled();
    });

    it('answers an entry it may not change to a viewer as requireRole does', async () => {
      repository.update.mockResolvedValue(null);
      repository.get.mockResolvedValue(entry());
      const viewer = new ForbiddenException('Your role does not allow this.');
      workspaces.requireRole.mockRejectedValueOnce(viewer);
      await expect(
        sut.update(USER, WORKSPACE, 7, changes({ body: 'Mine now' })),
      ).rejects.toBe(viewer);
    });

    it("answers 404 for no such entry, explained as 'member'", async () => {
      repository.update.mockResolvedValue(null);
      repository.get.mockResolvedValue(null);
      await expect(
        sut.update(USER, WORKSPACE, 7, changes({ body: 'Edited' })),
      ).rejects.toThrow(
        new NotFoundException('No such entry in this workspace.'),
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
});
