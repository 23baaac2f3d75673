import { randomUUID } from 'node:crypto';
import {
  COLUMN_CHANGED,
  DEAL_FILTERS,
  DEAL_LIST_OTHERS,
  LIST_TEXTS,
  NOT_A_MEMBER,
  NO_CUSTOMER,
  NO_DEAL,
  NO_PIPELINE,
  NO_STAGE,
  NO_WORKSPACE,
  OTHER_COMPANY,
  OTHER_CUSTOMER,
  answers,
  dealFilters,
  finds,
  freshDeal,
  invalid,
  reply,
  type RouteSurface,
} from './api-replies';
import { freshStage, pipelineWithDeletedDeal } from './catalog-fixtures';

/** The routes of pipelines, stages and deals, declared as test/support/api-routes.ts says. */
export const PIPELINE_ROUTES: Record<string, RouteSurface> = {
  'GET /workspaces/{workspaceId}/pipelines': {
    minimum: 'viewer',
    writes: false,
    request: () => ({}),
    notFound: NO_WORKSPACE,
  },
  'POST /workspaces/{workspaceId}/pipelines': {
    minimum: 'member',
    writes: true,
    request: () => ({ body: { name: 'Catalog' } }),
    notFound: NO_WORKSPACE,
    texts: { 'body.name': answers },
  },
  'GET /workspaces/{workspaceId}/pipelines/{pipelineId}': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({ path: { pipelineId: space.pipelineId } }),
    notFound: NO_PIPELINE,
    ids: { 'path.pipelineId': NO_PIPELINE },
  },
  'PATCH /workspaces/{workspaceId}/pipelines/{pipelineId}': {
    minimum: 'member',
    writes: true,
    request: (space) => ({
      path: { pipelineId: space.scratchPipelineId },
      body: { name: `Scratch ${randomUUID().slice(0, 8)}` },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.pipelineId': NO_PIPELINE },
    texts: { 'body.name': answers },
  },
  'DELETE /workspaces/{workspaceId}/pipelines/{pipelineId}': {
    minimum: 'member',
    writes: true,
    request: async (space) => ({
      path: { pipelineId: await pipelineWithDeletedDeal(space) },
      query: { move_to: space.stageIds[0] },
    }),
    notFound: NO_PIPELINE,
    ids: {
      'path.pipelineId': NO_PIPELINE,
      'query.move_to': reply(
        422,
        'move_to is not a stage of another pipeline of this workspace.',
      ),
    },
  },
  'GET /workspaces/{workspaceId}/pipelines/{pipelineId}/board': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({ path: { pipelineId: space.pipelineId } }),
    notFound: NO_PIPELINE,
    ids: { 'path.pipelineId': NO_PIPELINE },
    others: ['query.per_stage'],
  },
  'GET /workspaces/{workspaceId}/pipelines/{pipelineId}/summary': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({ path: { pipelineId: space.pipelineId } }),
    notFound: NO_PIPELINE,
    ids: { 'path.pipelineId': NO_PIPELINE },
    others: ['query.from', 'query.to'],
  },
  'GET /workspaces/{workspaceId}/pipelines/{pipelineId}/stages': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({ path: { pipelineId: space.pipelineId } }),
    notFound: NO_PIPELINE,
    ids: { 'path.pipelineId': NO_PIPELINE },
  },
  'POST /workspaces/{workspaceId}/pipelines/{pipelineId}/stages': {
    minimum: 'member',
    writes: true,
    request: (space) => ({
      path: { pipelineId: space.scratchPipelineId },
      body: { name: 'Catalog', after_id: space.scratchStageIds[0] },
    }),
    notFound: NO_PIPELINE,
    ids: {
      'path.pipelineId': NO_PIPELINE,
      'body.after_id': reply(422, 'after_id is not a stage of this pipeline.'),
    },
    texts: { 'body.name': answers, 'body.kind': invalid('kind') },
  },
  'PUT /workspaces/{workspaceId}/pipelines/{pipelineId}/stages/order': {
    minimum: 'member',
    writes: true,
    request: (space) => ({
      path: { pipelineId: space.pipelineId },
      body: { stage_ids: space.stageIds },
    }),
    notFound: NO_PIPELINE,
    // As many of another pipeline's stages as this one has: the set is checked, not the count.
    ids: {
      'path.pipelineId': NO_PIPELINE,
      'body.stage_ids': reply(
        422,
        'stage_ids must list every stage of the pipeline once.',
      ),
    },
  },
  'PATCH /workspaces/{workspaceId}/pipelines/{pipelineId}/stages/{stageId}': {
    minimum: 'member',
    writes: true,
    request: (space) => ({
      path: {
        pipelineId: space.scratchPipelineId,
        stageId: space.scratchStageIds[1],
      },
      body: { name: `Stage ${randomUUID().slice(0, 8)}` },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.pipelineId': NO_STAGE, 'path.stageId': NO_STAGE },
    texts: { 'body.name': answers, 'body.kind': invalid('kind') },
  },
  'DELETE /workspaces/{workspaceId}/pipelines/{pipelineId}/stages/{stageId}': {
    minimum: 'member',
    writes: true,
    request: async (space) => ({
      path: {
        pipelineId: space.scratchPipelineId,
        stageId: await freshStage(space, true),
      },
      query: { move_to: space.scratchStageIds[0] },
    }),
    notFound: NO_STAGE,
    ids: {
      'path.pipelineId': NO_STAGE,
      'path.stageId': NO_STAGE,
      'query.move_to': reply(
        422,
        'move_to is not another stage of this pipeline.',
      ),
    },
  },
  'GET /workspaces/{workspaceId}/pipelines/{pipelineId}/stages/{stageId}/deals':
    {
      minimum: 'viewer',
      writes: false,
      request: (space) => ({
        path: { pipelineId: space.pipelineId, stageId: space.stageIds[0] },
      }),
      notFound: NO_STAGE,
      ids: { 'path.pipelineId': NO_STAGE, 'path.stageId': NO_STAGE },
      texts: LIST_TEXTS,
      others: ['query.limit'],
    },
  'GET /workspaces/{workspaceId}/deals': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({ query: { ...dealFilters(space), limit: '100' } }),
    notFound: NO_WORKSPACE,
    ids: DEAL_FILTERS,
    texts: {
      ...LIST_TEXTS,
      'query.q': {
        without: Object.keys(DEAL_FILTERS),
        rule: finds('deals', ['title']),
      },
      'query.status': invalid('status'),
      'query.sort': invalid('sort'),
    },
    others: DEAL_LIST_OTHERS,
  },
  'POST /workspaces/{workspaceId}/deals': {
    minimum: 'member',
    writes: true,
    request: (space) => ({
      body: {
        title: 'Catalog',
        pipeline_id: space.pipelineId,
        stage_id: space.stageIds[2],
        customer_id: space.customerId,
        company_id: space.companyId,
        assignee_id: space.users.member.id,
      },
    }),
    notFound: NO_WORKSPACE,
    ids: {
      'body.pipeline_id': reply(422, 'stage_id is not a stage of pipeline_id'),
      'body.stage_id': reply(422, 'stage_id is not a stage of this workspace'),
      'body.customer_id': OTHER_CUSTOMER,
      'body.company_id': OTHER_COMPANY,
      'body.assignee_id': NOT_A_MEMBER,
    },
    texts: { 'body.title': answers, 'body.currency': invalid('currency') },
    others: ['body.expected_close_date'],
  },
  'GET /workspaces/{workspaceId}/customers/{id}/deals': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({
      path: { id: space.customerId },
      query: dealFilters(space),
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.id': NO_CUSTOMER, ...DEAL_FILTERS },
    texts: {
      ...LIST_TEXTS,
      'query.q': answers,
      'query.status': invalid('status'),
      'query.sort': invalid('sort'),
    },
    others: DEAL_LIST_OTHERS,
  },
  'GET /workspaces/{workspaceId}/deals/{dealId}': {
    minimum: 'viewer',
    writes: false,
    request: (space) => ({ path: { dealId: space.dealId } }),
    notFound: NO_DEAL,
    ids: { 'path.dealId': NO_DEAL },
  },
  'PATCH /workspaces/{workspaceId}/deals/{dealId}': {
    minimum: 'member',
    writes: true,
    request: async (space) => ({
      path: { dealId: await freshDeal(space) },
      body: {
        title: 'Changed',
        customer_id: space.customerId,
        company_id: space.companyId,
        assignee_id: space.users.member.id,
      },
    }),
    notFound: NO_WORKSPACE,
    ids: {
      'path.dealId': NO_DEAL,
      'body.customer_id': OTHER_CUSTOMER,
      'body.company_id': OTHER_COMPANY,
      'body.assignee_id': NOT_A_MEMBER,
    },
    texts: { 'body.title': answers, 'body.currency': invalid('currency') },
    others: ['body.expected_close_date'],
  },
  'DELETE /workspaces/{workspaceId}/deals/{dealId}': {
    minimum: 'member',
    writes: true,
    request: async (space) => ({ path: { dealId: await freshDeal(space) } }),
    notFound: NO_WORKSPACE,
    ids: { 'path.dealId': NO_DEAL },
  },
  'POST /workspaces/{workspaceId}/deals/{dealId}/move': {
    minimum: 'member',
    writes: true,
    request: (space) => ({
      path: { dealId: space.dealId },
      body: {
        stage_id: space.stageIds[1],
        after_id: space.neighbourIds[0],
        before_id: space.neighbourIds[1],
      },
    }),
    notFound: NO_DEAL,
    ids: {
      'path.dealId': NO_DEAL,
      'body.stage_id': reply(422, 'stage_id is not a stage of this workspace.'),
      'body.after_id': COLUMN_CHANGED,
      'body.before_id': COLUMN_CHANGED,
    },
  },
  'POST /workspaces/{workspaceId}/deals/{dealId}/restore': {
    minimum: 'member',
    writes: true,
    request: async (space) => ({
      path: { dealId: await freshDeal(space, true) },
    }),
    notFound: NO_WORKSPACE,
    ids: { 'path.dealId': NO_DEAL },
  },
};
