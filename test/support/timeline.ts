import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Tables } from '../../src/database/database.types';
import { sql } from './database';
import { apiAs, customerInput, type TestUser, ws } from './users';

/** A timeline row as the database holds it (read with sql, beside the API). */
export type EntryRow = Pick<
  Tables<'activities'>,
  'id' | 'kind' | 'customer_id' | 'deal_id' | 'actor_id' | 'payload' | 'body'
>;

/** Every entry the database holds about a subject, oldest first. */
export const entriesOf = (subject: { customer?: string; deal?: string }) =>
  sql<EntryRow>(
    `select id::int, kind::text, customer_id, deal_id, actor_id, payload, body
       from public.activities
      where customer_id is not distinct from coalesce($1::uuid, customer_id)
        and deal_id is not distinct from coalesce($2::uuid, deal_id)
        and ($1::uuid is not null or $2::uuid is not null)
      order by id`,
    [subject.customer ?? null, subject.deal ?? null],
  );

/**
 * The subjects of the timeline specs (a customer, a deal), made as a user of the app `app()`
 * returns (a getter: specs build their app in beforeAll).
 */
export function timelineApi(app: () => NestFastifyApplication) {
  async function aCustomer(user: TestUser, workspaceId = user.workspaceId) {
    const res = await apiAs(app(), user).post(
      `${ws(workspaceId)}/customers`,
      customerInput({ notes: 'Analytical Engines' }),
    );
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string; name: string }>();
  }

  async function aDeal(user: TestUser, body: Record<string, unknown> = {}) {
    const res = await apiAs(app(), user).post(`${ws(user.workspaceId)}/deals`, {
      title: 'Forty seats',
      amount: 100,
      ...body,
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string; stage_id: string }>();
  }

  return { aCustomer, aDeal };
}
