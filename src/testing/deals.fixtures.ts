import type { ConfigType } from '@nestjs/config';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ListCursorCodec } from '../common/list-cursor';
import type { securityConfig } from '../config/security.config';
import { DealsRepository } from '../pipeline/deals.repository';
import { DealsService } from '../pipeline/deals.service';
import type {
  DealDto,
  PipelineDto,
  StageDto,
} from '../pipeline/dto/pipeline.dto';
import { PipelinesRepository } from '../pipeline/pipelines.repository';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { automock } from './automock';

// DealsService with strict doubles of what it calls, and the rows its unit specs hand them
// (src/pipeline/deals.service.spec.ts, src/pipeline/deals-list.service.spec.ts).

export const WORKSPACE = 'w1';

export const USER = { id: 'u1', accessToken: 't' } as AuthenticatedUser;

export function deal(overrides: Partial<DealDto> = {}): DealDto {
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

export const stage = (overrides: Partial<StageDto> = {}) =>
  ({ id: 's1', pipeline_id: 'p1', name: 'New', ...overrides }) as StageDto;

export const pipeline = (id: string) => ({ id, name: id }) as PipelineDto;

export interface DealsServiceUnderTest {
  repository: jest.Mocked<DealsRepository>;
  pipelinesRepository: jest.Mocked<PipelinesRepository>;
  cursors: ListCursorCodec;
  /** Strict; its role checks answer as they would to a member unless a test says otherwise. */
  workspaces: jest.Mocked<WorkspacesService>;
  sut: DealsService;
}

/** Registers a beforeEach that builds a fresh DealsService and its doubles; read them after it. */
export function useDealsService(): DealsServiceUnderTest {
  const subject = {} as DealsServiceUnderTest;
  beforeEach(() => {
    subject.repository = automock(DealsRepository);
    subject.pipelinesRepository = automock(PipelinesRepository);
    subject.cursors = new ListCursorCodec({
      secretKey: 'k'.repeat(40),
    } as ConfigType<typeof securityConfig>);
    subject.workspaces = automock(WorkspacesService);
    subject.workspaces.whyNothingMatched.mockImplementation(
      (_u, _w, _role, otherwise) => Promise.resolve(otherwise()),
    );
    subject.workspaces.requireRole.mockResolvedValue('member');
    subject.sut = new DealsService(
      subject.repository,
      subject.pipelinesRepository,
      subject.workspaces,
      subject.cursors,
    );
  });
  return subject;
}
