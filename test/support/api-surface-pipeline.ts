import {
  answers,
  badEnum,
  COLUMN_CHANGED,
  contains,
  echoed,
  finds,
  noSuch,
  refusal,
  WHOLE_PAGE,
  type FunctionSurface,
} from './api-surface-shape';
import { freshStage, pipelineWithDeletedDeal } from './catalog-fixtures';

/** The pipeline's functions, declared as test/support/api-surface.ts says. */
export const PIPELINE_FUNCTIONS: Record<string, FunctionSurface> = {
  create_pipeline: {
    minimum: 'member',
    writes: true,
    notFound: noSuch('workspace'),
    ids: { p_workspace_id: 'scope' },
    texts: { p_name: { taken: echoed('name') } },
    others: [],
    call: (space) => ({ p_workspace_id: space.id, p_name: 'Catalog pipeline' }),
  },
  create_stage: {
    minimum: 'member',
    writes: true,
    notFound: noSuch('pipeline in this workspace'),
    ids: {
      p_pipeline_id: 'scope',
      p_after_id: refusal('PT422', 'after_id is not a stage of this pipeline'),
    },
    texts: {
      p_name: { taken: echoed('name') },
      p_kind: { refused: badEnum('stage_kind') },
    },
    others: ['p_probability'],
    call: (space) => ({
      p_pipeline_id: space.scratchPipelineId,
      p_name: 'Catalog stage',
      p_kind: 'open',
      p_probability: 10,
      p_after_id: space.scratchStageIds[0],
    }),
  },
  delete_pipeline: {
    minimum: 'member',
    writes: true,
    notFound: noSuch('pipeline in this workspace'),
    ids: {
      p_pipeline_id: 'scope',
      p_move_to: refusal(
        'PT422',
        'move_to is not a stage of another pipeline of this workspace',
      ),
    },
    texts: {},
    others: [],
    call: async (space) => ({
      p_pipeline_id: await pipelineWithDeletedDeal(space),
      p_move_to: space.stageIds[0],
    }),
  },
  delete_stage: {
    minimum: 'member',
    writes: true,
    notFound: noSuch('stage in this pipeline'),
    ids: {
      p_stage_id: 'scope',
      p_move_to: refusal(
        'PT422',
        'move_to is not another stage of this pipeline',
      ),
    },
    texts: {},
    others: [],
    call: async (space) => ({
      p_stage_id: await freshStage(space, true),
      p_move_to: space.scratchStageIds[0],
    }),
  },
  list_deals: {
    minimum: 'viewer',
    writes: false,
    notFound: noSuch('workspace'),
    ids: {
      p_workspace_id: 'scope',
      p_pipeline_id: 'filter',
      p_stage_id: 'filter',
      p_assignee_id: 'filter',
      p_customer_id: 'filter',
      p_after_id: 'filter',
    },
    texts: {
      p_status: { refused: badEnum('stage_kind') },
      p_search: {
        with: {
          p_pipeline_id: null,
          p_stage_id: null,
          p_assignee_id: null,
          p_customer_id: null,
        },
        taken: finds('deals', contains('title'), ['title']),
      },
      p_sort: { refused: refusal('22023', 'unsupported sort') },
      p_after_value: { taken: answers },
    },
    others: [
      'p_amount_min',
      'p_amount_max',
      'p_close_from',
      'p_close_to',
      'p_descending',
      'p_limit',
      'p_offset',
      'p_with_total',
    ],
    call: (space) => ({
      p_workspace_id: space.id,
      p_pipeline_id: space.pipelineId,
      p_stage_id: space.stageIds[0],
      p_assignee_id: space.users.member.id,
      p_customer_id: space.customerId,
      p_sort: 'title',
      p_descending: false,
      p_after_value: '',
      p_after_id: space.dealId,
      ...WHOLE_PAGE,
    }),
  },
  move_deal: {
    minimum: 'member',
    writes: true,
    notFound: noSuch('deal in this workspace'),
    ids: {
      p_workspace_id: 'scope',
      p_deal_id: noSuch('deal in this workspace'),
      p_stage_id: refusal('PT422', 'stage_id is not a stage of this workspace'),
      p_after_id: COLUMN_CHANGED,
      p_before_id: COLUMN_CHANGED,
    },
    texts: {},
    others: ['p_version'],
    call: (space) => ({
      p_workspace_id: space.id,
      p_deal_id: space.dealId,
      p_stage_id: space.stageIds[1],
      p_after_id: space.neighbourIds[0],
      p_before_id: space.neighbourIds[1],
    }),
  },
  pipeline_board: {
    minimum: 'viewer',
    writes: false,
    notFound: noSuch('pipeline in this workspace'),
    ids: {
      p_workspace_id: 'scope',
      p_pipeline_id: noSuch('pipeline in this workspace'),
    },
    texts: {},
    others: ['p_per_stage'],
    call: (space) => ({
      p_workspace_id: space.id,
      p_pipeline_id: space.pipelineId,
    }),
  },
  pipeline_summary: {
    minimum: 'viewer',
    writes: false,
    notFound: noSuch('pipeline in this workspace'),
    ids: {
      p_workspace_id: 'scope',
      p_pipeline_id: noSuch('pipeline in this workspace'),
    },
    texts: {},
    others: ['p_from', 'p_to'],
    call: (space) => ({
      p_workspace_id: space.id,
      p_pipeline_id: space.pipelineId,
      p_from: '2020-01-01T00:00:00Z',
      p_to: '2100-01-01T00:00:00Z',
    }),
  },
  reorder_stages: {
    minimum: 'member',
    writes: true,
    notFound: noSuch('pipeline in this workspace'),
    // As many of another pipeline's stages as this one has: the set is checked, not the count.
    ids: {
      p_pipeline_id: 'scope',
      p_stage_ids: refusal(
        'PT422',
        'stage_ids must list every stage of the pipeline once',
      ),
    },
    texts: {},
    others: [],
    call: (space) => ({
      p_pipeline_id: space.pipelineId,
      p_stage_ids: [...space.stageIds].reverse(),
    }),
    refusals: [
      {
        name: "half this pipeline's stages, half another workspace's",
        as: 'owner',
        args: (own, other) => ({
          p_pipeline_id: own.pipelineId,
          p_stage_ids: [
            ...own.stageIds.slice(0, 3),
            ...other.stageIds.slice(3),
          ],
        }),
        refusal: refusal(
          'PT422',
          'stage_ids must list every stage of the pipeline once',
        ),
      },
      {
        name: 'one stage twice instead of another',
        as: 'owner',
        args: (own) => ({
          p_pipeline_id: own.pipelineId,
          p_stage_ids: [own.stageIds[0], ...own.stageIds.slice(0, -1)],
        }),
        refusal: refusal(
          'PT422',
          'stage_ids must list every stage of the pipeline once',
        ),
      },
    ],
  },
  stage_deals: {
    minimum: 'viewer',
    writes: false,
    notFound: noSuch('stage in this pipeline'),
    ids: {
      p_workspace_id: 'scope',
      p_pipeline_id: noSuch('stage in this pipeline'),
      p_stage_id: noSuch('stage in this pipeline'),
      p_after_id: 'filter',
    },
    texts: { p_after_position: { taken: answers } },
    others: ['p_limit'],
    call: (space) => ({
      p_workspace_id: space.id,
      p_pipeline_id: space.pipelineId,
      p_stage_id: space.stageIds[0],
      p_after_id: space.metaDealId,
    }),
  },
};
