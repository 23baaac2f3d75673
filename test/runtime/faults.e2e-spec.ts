import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestApp } from '../support/app';
import { sql, stackState } from '../support/database';
import { customerInput, signedInUser, type TestUser } from '../support/users';

const REQUEST_TIMEOUT_MS = 1500;
const MARGIN_MS = 1000;
const RECOVERY_MS = 3000;

interface Answer {
  status: number;
  startedAt: number;
  ms: number;
  id?: string;
  detail?: string;
}

/** Waits until the stack has written a new pid for a restarted part. */
async function restarted(
  part: 'postgrestPid' | 'postgresPid',
  before: number,
): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (stackState()[part] === before) {
    if (Date.now() > deadline) throw new Error(`${part} was not restarted`);
    await sleep(20);
  }
}

/**
 * Data API faults during write traffic: whatever happens, an answer is a success or a 503,
 * in bounded time; acknowledged writes are stored; success is back within 3 s of the fault.
 */
describe('data API faults under write traffic', () => {
  let app: NestFastifyApplication;
  let user: TestUser;

  beforeAll(async () => {
    app = await createTestApp({
      env: { DB_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) },
    });
    user = await signedInUser();
  });

  afterAll(async () => {
    await app.close();
  });

  /** Writers run from before the fault until RECOVERY_MS + 1 s after it ends. */
  async function drill(fault: () => Promise<void>) {
    const answers: Answer[] = [];
    let writing = true;
    const writer = async () => {
      while (writing) {
        const startedAt = Date.now();
        const res = await app.inject({
          method: 'POST',
          url: user.customers,
          headers: user.headers,
          payload: customerInput(),
        });
        const body = res.json<{ id?: string; detail?: string }>();
        answers.push({
          status: res.statusCode,
          startedAt,
          ms: Date.now() - startedAt,
          id: res.statusCode === 201 ? body.id : undefined,
          detail: res.statusCode === 201 ? undefined : body.detail,
        });
      }
    };
    const writers = Array.from({ length: 4 }, writer);
    await sleep(300);
    await fault();
    const faultEnded = Date.now();
    await sleep(RECOVERY_MS + 1000);
    writing = false;
    await Promise.all(writers);
    return { answers, faultEnded };
  }

  async function expectHeld({
    answers,
    faultEnded,
  }: Awaited<ReturnType<typeof drill>>) {
    const statuses = new Set(answers.map((a) => a.status));
    expect([...statuses].filter((s) => ![201, 503].includes(s))).toEqual([]);
    // A failed call says the same fixed thing whatever the transport said (no hosts, ports,
    // stacks or driver text).
    expect(
      new Set(answers.flatMap((a) => (a.detail ? [a.detail] : []))),
    ).toEqual(
      new Set(
        answers.some((a) => a.status === 503)
          ? ['The database is unavailable right now; try again shortly.']
          : [],
      ),
    );
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(
      REQUEST_TIMEOUT_MS + MARGIN_MS,
    );
    const late = answers.filter((a) => a.startedAt >= faultEnded + RECOVERY_MS);
    expect(late.length).toBeGreaterThan(0);
    expect(late.filter((a) => a.status !== 201)).toEqual([]);
    const acknowledged = answers.flatMap((a) => (a.id ? [a.id] : []));
    const [{ n }] = await sql<{ n: string }>(
      'select count(*) as n from public.customers where id = any($1::uuid[])',
      [acknowledged],
    );
    expect(Number(n)).toBe(acknowledged.length);
  }

  it("survives PostgREST's database sessions being terminated", async () => {
    await expectHeld(
      await drill(async () => {
        await sql(
          `select pg_terminate_backend(pid) from pg_stat_activity where usename = 'authenticator'`,
        );
      }),
    );
  });

  it('survives PostgREST frozen for 3 s', async () => {
    const outcome = await drill(async () => {
      const { postgrestPid } = stackState();
      process.kill(postgrestPid, 'SIGSTOP');
      await sleep(3000);
      process.kill(postgrestPid, 'SIGCONT');
    });
    expect(outcome.answers.some((a) => a.status === 503)).toBe(true);
    await expectHeld(outcome);
  });

  it('survives PostgREST killed and restarted', async () => {
    await expectHeld(
      await drill(async () => {
        const { postgrestPid, stackPid } = stackState();
        process.kill(postgrestPid, 'SIGKILL');
        await sleep(1000);
        process.kill(stackPid, 'SIGUSR1');
        await restarted('postgrestPid', postgrestPid);
      }),
    );
  });

  it('survives Postgres restarted', async () => {
    await expectHeld(
      await drill(async () => {
        const { postgresPid, stackPid } = stackState();
        process.kill(stackPid, 'SIGUSR2');
        await restarted('postgresPid', postgresPid);
      }),
    );
  });
});
