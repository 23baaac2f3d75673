import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Activity, Deal } from '../support/api-types';
import { createTestApp } from '../support/app';
import { sharedWorkspace } from '../support/database';
import { directWithToken } from '../support/postgrest';
import {
  apiAs,
  customerInput,
  detailOf,
  signedInUser,
  type TestUser,
  ws,
} from '../support/users';

const CLOSE_DATE_RULE = {
  code: '23514',
  message: expect.stringContaining(
    '"deals_expected_close_date_within_years"',
  ) as unknown,
};
const DUE_AT_RULE = {
  code: '23514',
  message: expect.stringContaining(
    '"activities_due_at_within_years"',
  ) as unknown,
};

/**
 * A deal's close date and a task's due date lie within the years 1000 to 9999 (UTC), as the API
 * takes them: the same token straight to PostgREST can write no `infinity`, no year BC, nothing
 * the API would then serve as a date no client reads.
 */
describe('dates within the years the API takes', () => {
  let app: NestFastifyApplication;
  let member: TestUser;
  let base: string;
  let customerId: string;

  beforeAll(async () => {
    app = await createTestApp();
    const owner = await signedInUser();
    member = await signedInUser();
    base = ws(
      await sharedWorkspace([
        [owner, 'owner'],
        [member, 'member'],
      ]),
    );
    customerId = (
      await apiAs(app, member).post(`${base}/customers`, customerInput())
    ).json<{ id: string }>().id;
  });

  afterAll(async () => {
    await app.close();
  });

  async function aDeal(): Promise<Deal> {
    const res = await apiAs(app, member).post(`${base}/deals`, {
      title: 'Dated',
    });
    expect(res.statusCode).toBe(201);
    return res.json<Deal>();
  }

  async function aTask(): Promise<Activity> {
    const res = await apiAs(app, member).post(
      `${base}/customers/${customerId}/activities`,
      { kind: 'task', body: 'Dated' },
    );
    expect(res.statusCode).toBe(201);
    return res.json<Activity>();
  }

  describe('a deal’s expected close date', () => {
    it.each([
      'infinity',
      '-infinity',
      '4713-01-01 BC',
      '0999-12-31',
      '10000-01-01',
    ])(
      'is refused as %s through the API and straight through PostgREST (400)',
      async (date) => {
        const deal = await aDeal();
        const api = await apiAs(app, member).patch(`${base}/deals/${deal.id}`, {
          expected_close_date: date,
        });
        expect([api.statusCode, detailOf(api)]).toEqual([
          400,
          expect.stringMatching(
            /^The request is invalid: expected_close_date /,
          ),
        ]);
        const direct = await directWithToken(member.token)
          .from('deals')
          .update({ expected_close_date: date })
          .eq('id', deal.id)
          .select('expected_close_date');
        expect(direct.status).toBe(400);
        expect(direct.error).toMatchObject(CLOSE_DATE_RULE);
        const inserted = await directWithToken(member.token)
          .from('deals')
          .insert({
            workspace_id: deal.workspace_id,
            pipeline_id: deal.pipeline_id,
            stage_id: deal.stage_id,
            title: 'Dated',
            expected_close_date: date,
          } as never);
        expect(inserted.error).toMatchObject(CLOSE_DATE_RULE);
        const served = await apiAs(app, member).get(`${base}/deals/${deal.id}`);
        expect(served.json<Deal>().expected_close_date).toBeNull();
      },
    );

    it('takes the first and the last day of the range both ways', async () => {
      const deal = await aDeal();
      const api = await apiAs(app, member).patch(`${base}/deals/${deal.id}`, {
        expected_close_date: '1000-01-01',
      });
      expect(api.json<Deal>().expected_close_date).toBe('1000-01-01');
      const direct = await directWithToken(member.token)
        .from('deals')
        .update({ expected_close_date: '9999-12-31' })
        .eq('id', deal.id)
        .select('expected_close_date')
        .single();
      expect(direct.data).toEqual({ expected_close_date: '9999-12-31' });
    });
  });

  describe('a task’s due date', () => {
    it.each([
      'infinity',
      '-infinity',
      '0999-12-31T23:59:59Z',
      '1000-01-01T00:00:00+01:00',
      '9999-12-31T23:00:00-05:00',
    ])(
      'is refused as %s through the API and straight through PostgREST (400)',
      async (dueAt) => {
        const api = await apiAs(app, member).post(
          `${base}/customers/${customerId}/activities`,
          { kind: 'task', body: 'Dated', due_at: dueAt },
        );
        expect([api.statusCode, detailOf(api)]).toEqual([
          400,
          expect.stringMatching(/due_at must (be an ISO 8601|lie within)/),
        ]);
        const direct = directWithToken(member.token);
        const inserted = await direct.from('activities').insert({
          workspace_id: base.split('/').pop()!,
          customer_id: customerId,
          kind: 'task',
          body: 'Dated',
          due_at: dueAt,
        } as never);
        expect(inserted.status).toBe(400);
        expect(inserted.error).toMatchObject(DUE_AT_RULE);
        const task = await aTask();
        const changed = await apiAs(app, member).patch(
          `${base}/activities/${task.id}`,
          { due_at: dueAt },
        );
        expect(changed.statusCode).toBe(400);
        const updated = await direct
          .from('activities')
          .update({ due_at: dueAt })
          .eq('id', task.id)
          .select('due_at');
        expect(updated.error).toMatchObject(DUE_AT_RULE);
      },
    );

    it('takes the first and the last instant of the range both ways, and serves them', async () => {
      const first = await apiAs(app, member).post(
        `${base}/customers/${customerId}/activities`,
        { kind: 'task', body: 'Dated', due_at: '1000-01-01T00:00:00Z' },
      );
      expect(first.statusCode).toBe(201);
      const task = await aTask();
      const last = await directWithToken(member.token)
        .from('activities')
        .update({ due_at: '9999-12-31T23:59:59.999999Z' })
        .eq('id', task.id)
        .select('due_at')
        .single();
      expect(last.error).toBeNull();
      const tasks = await apiAs(app, member).get(`${base}/tasks?limit=100`);
      const dues = tasks
        .json<{ data: Activity[] }>()
        .data.map((t) => t.due_at)
        .filter((due) => due !== null);
      expect(dues.every((due) => /^[1-9]\d{3}-/.test(due))).toBe(true);
      expect(dues).toHaveLength(2);
    });
  });
});
