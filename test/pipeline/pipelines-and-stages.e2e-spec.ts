import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Deal, Pipeline, Stage } from '../support/api-types';
import { createTestApp } from '../support/app';
import { bytewise, pipelineApi } from '../support/pipeline';
import { apiAs, signedInUser, ws } from '../support/users';

/** Pipelines and their stages: the default pipeline, edits, order, deletion and what it does to deals. */
describe('sales pipeline', () => {
  let app: NestFastifyApplication;
  const { send, pipelinesOf, stagesOf, salesPipeline, newDeal, column } =
    pipelineApi(() => app);

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  describe('pipelines and stages', () => {
    it('gives every workspace a Sales pipeline of six stages, won and lost last', async () => {
      const user = await signedInUser();
      const pipelines = await pipelinesOf(user);
      expect(pipelines).toEqual([expect.objectContaining({ name: 'Sales' })]);
      const stages = await stagesOf(user, pipelines[0].id);
      expect(
        stages.map(({ name, kind, probability }) => [name, kind, probability]),
      ).toEqual([
        ['Lead in', 'open', 10],
        ['Qualified', 'open', 25],
        ['Proposal', 'open', 50],
        ['Negotiation', 'open', 75],
        ['Won', 'won', 100],
        ['Lost', 'lost', 0],
      ]);
      const positions = stages.map((s) => s.position);
      expect([...positions].sort(bytewise)).toEqual(positions);
    });

    it('creates, renames and deletes a pipeline; one holding deals is kept (409), deleted ones move', async () => {
      const user = await signedInUser();
      const api = apiAs(app, user);
      const created = await api.post(`${ws(user.workspaceId)}/pipelines`, {
        name: ' Renewals ',
      });
      expect(created.statusCode).toBe(201);
      const pipeline = created.json<Pipeline>();
      expect(pipeline.name).toBe('Renewals');
      expect(await stagesOf(user, pipeline.id)).toHaveLength(6);
      const url = `${ws(user.workspaceId)}/pipelines/${pipeline.id}`;
      expect(
        (await api.patch(url, { name: 'Renewals 2027' })).json(),
      ).toMatchObject({ name: 'Renewals 2027' });

      const deal = await newDeal(user, { pipeline_id: pipeline.id });
      const refused = await api.delete(url);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({
        detail: 'The pipeline holds deals: move or delete them first.',
      });
      expect(
        (await api.delete(`${ws(user.workspaceId)}/deals/${deal.id}`))
          .statusCode,
      ).toBe(204);
      // The deleted deal stays restorable: it needs somewhere to go.
      const deletedDeals = await api.delete(url);
      expect(deletedDeals.statusCode).toBe(409);
      expect(deletedDeals.json()).toMatchObject({
        detail:
          'The pipeline holds deleted deals, which stay restorable: say which stage of another pipeline they move to with move_to.',
      });
      const { stages } = await salesPipeline(user);
      expect(
        (await api.delete(`${url}?move_to=${stages[0].id}`)).statusCode,
      ).toBe(204);
      expect((await api.get(url)).statusCode).toBe(404);
      expect((await pipelinesOf(user)).map((p) => p.name)).toEqual(['Sales']);
    });

    it('adds a stage after another and puts the stages in a new order; an order missing one is refused', async () => {
      const user = await signedInUser();
      const { pipeline, stages, byName } = await salesPipeline(user);
      const stagesUrl = `${ws(user.workspaceId)}/pipelines/${pipeline.id}/stages`;
      const added = await apiAs(app, user).post(stagesUrl, {
        name: 'Demo',
        probability: 35,
        after_id: byName.Qualified.id,
      });
      expect(added.statusCode).toBe(201);
      const demo = added.json<Stage>();
      expect((await stagesOf(user, pipeline.id)).map((s) => s.name)).toEqual([
        'Lead in',
        'Qualified',
        'Demo',
        'Proposal',
        'Negotiation',
        'Won',
        'Lost',
      ]);

      const reversed = [...stages.map((s) => s.id), demo.id].reverse();
      const reordered = await send(user, 'PUT', `${stagesUrl}/order`, {
        stage_ids: reversed,
      });
      expect(reordered.statusCode).toBe(200);
      expect((await stagesOf(user, pipeline.id)).map((s) => s.id)).toEqual(
        reversed,
      );

      const missingOne = await send(user, 'PUT', `${stagesUrl}/order`, {
        stage_ids: reversed.slice(1),
      });
      expect(missingOne.statusCode).toBe(422);
      expect(missingOne.json()).toMatchObject({
        detail: 'stage_ids must list every stage of the pipeline once.',
      });
      expect((await stagesOf(user, pipeline.id)).map((s) => s.id)).toEqual(
        reversed,
      );
    });

    it('deletes a stage only saying where its deals go: after those already there, in their order', async () => {
      const user = await signedInUser();
      const { pipeline, byName } = await salesPipeline(user);
      const kept = await newDeal(user, { stage_id: byName.Proposal.id });
      const moving = [
        await newDeal(user, { stage_id: byName.Qualified.id }),
        await newDeal(user, { stage_id: byName.Qualified.id }),
      ];
      const stageUrl = `${ws(user.workspaceId)}/pipelines/${pipeline.id}/stages/${byName.Qualified.id}`;
      const refused = await apiAs(app, user).delete(stageUrl);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({
        detail: 'The stage holds deals: say where they move with move_to.',
      });
      expect(
        (
          await apiAs(app, user).delete(
            `${stageUrl}?move_to=${byName.Qualified.id}`,
          )
        ).statusCode,
      ).toBe(422);
      expect(await column(user, byName.Qualified, pipeline.id)).toHaveLength(2);

      const deleted = await apiAs(app, user).delete(
        `${stageUrl}?move_to=${byName.Proposal.id}`,
      );
      expect(deleted.statusCode).toBe(204);
      expect(
        (await column(user, byName.Proposal, pipeline.id)).map((d) => d.id),
      ).toEqual([kept.id, ...moving.map((d) => d.id)]);
      expect(
        (await stagesOf(user, pipeline.id)).map((s) => s.name),
      ).not.toContain('Qualified');
    });

    it('keeps at least one stage in a pipeline', async () => {
      const user = await signedInUser();
      const { pipeline, stages } = await salesPipeline(user);
      const url = `${ws(user.workspaceId)}/pipelines/${pipeline.id}/stages`;
      for (const stage of stages.slice(1))
        expect(
          (await apiAs(app, user).delete(`${url}/${stage.id}`)).statusCode,
        ).toBe(204);
      const last = await apiAs(app, user).delete(`${url}/${stages[0].id}`);
      expect(last.statusCode).toBe(409);
      expect(last.json()).toMatchObject({
        detail: 'A pipeline keeps at least one stage.',
      });
    });

    it('closes the deals of a stage that becomes won, and reopens them when it is open again', async () => {
      const user = await signedInUser();
      const { pipeline, byName } = await salesPipeline(user);
      const deal = await newDeal(user, { stage_id: byName.Negotiation.id });
      expect(deal.closed_at).toBeNull();
      const stageUrl = `${ws(user.workspaceId)}/pipelines/${pipeline.id}/stages/${byName.Negotiation.id}`;
      const dealUrl = `${ws(user.workspaceId)}/deals/${deal.id}`;
      expect(
        (await apiAs(app, user).patch(stageUrl, { kind: 'won' })).statusCode,
      ).toBe(200);
      const closed = (await apiAs(app, user).get(dealUrl)).json<Deal>();
      expect(closed.closed_at).not.toBeNull();
      expect(closed.version).toBe(deal.version + 1);
      await apiAs(app, user).patch(stageUrl, { kind: 'open' });
      expect(
        (await apiAs(app, user).get(dealUrl)).json<Deal>().closed_at,
      ).toBeNull();
    });
  });
});
