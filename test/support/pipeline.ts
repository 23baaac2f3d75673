import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Deal, PipelineList, Stage, StageList } from './api-types';
import { apiAs, type TestUser, ws } from './users';

/** Bytewise, as the database orders positions (COLLATE "C"). */
export const bytewise = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The pipeline specs' requests, as a user of the app `app()` returns (a getter: specs build
 * their app in beforeAll).
 */
export function pipelineApi(app: () => NestFastifyApplication) {
  /** A request with any headers (If-Match), as the user. */
  function send(
    user: TestUser,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    return app().inject({
      method,
      url,
      headers: { ...user.headers, ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  }

  async function pipelinesOf(user: TestUser, workspaceId = user.workspaceId) {
    const res = await apiAs(app(), user).get(`${ws(workspaceId)}/pipelines`);
    expect(res.statusCode).toBe(200);
    return res.json<PipelineList>().data;
  }

  async function stagesOf(
    user: TestUser,
    pipelineId: string,
    workspaceId = user.workspaceId,
  ) {
    const res = await apiAs(app(), user).get(
      `${ws(workspaceId)}/pipelines/${pipelineId}/stages`,
    );
    expect(res.statusCode).toBe(200);
    return res.json<StageList>().data;
  }

  /** The user's default pipeline and its stages by name. */
  async function salesPipeline(user: TestUser, workspaceId = user.workspaceId) {
    const [pipeline] = await pipelinesOf(user, workspaceId);
    const stages = await stagesOf(user, pipeline.id, workspaceId);
    const byName = Object.fromEntries(stages.map((s) => [s.name, s]));
    return { pipeline, stages, byName };
  }

  async function newDeal(
    user: TestUser,
    body: Record<string, unknown>,
    workspaceId = user.workspaceId,
  ): Promise<Deal> {
    const res = await apiAs(app(), user).post(`${ws(workspaceId)}/deals`, {
      title: `Deal ${Math.random().toString(36).slice(2, 8)}`,
      ...body,
    });
    expect([res.statusCode, res.body]).toEqual([201, expect.any(String)]);
    return res.json<Deal>();
  }

  /** The first 200 cards of a column, in order. */
  async function column(
    user: TestUser,
    stage: Pick<Stage, 'id'>,
    pipelineId: string,
    workspaceId = user.workspaceId,
  ): Promise<Deal[]> {
    const res = await apiAs(app(), user).get(
      `${ws(workspaceId)}/pipelines/${pipelineId}/stages/${stage.id}/deals?limit=200`,
    );
    expect(res.statusCode).toBe(200);
    return res.json<{ data: Deal[] }>().data;
  }

  function move(
    user: TestUser,
    deal: Pick<Deal, 'id'>,
    to: { stage_id: string; after_id?: string; before_id?: string },
    headers: Record<string, string> = {},
    workspaceId = user.workspaceId,
  ) {
    return send(
      user,
      'POST',
      `${ws(workspaceId)}/deals/${deal.id}/move`,
      to,
      headers,
    );
  }

  return {
    send,
    pipelinesOf,
    stagesOf,
    salesPipeline,
    newDeal,
    column,
    move,
  };
}
