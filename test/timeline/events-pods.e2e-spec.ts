import { request } from 'undici';
import { freePort } from '../../scripts/lib/ports';
import { EventStreamClient } from '../support/event-stream';
import { ServiceProcess } from '../support/service-process';
import { customerInput, signedInUser } from '../support/users';

/** The built service against the test stack, as a pod of its own. */
function podEnv(
  port: number,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: String(port),
    SUPABASE_URL: process.env.SUPABASE_URL,
    SUPABASE_PUBLISHABLE_KEY: process.env.SUPABASE_PUBLISHABLE_KEY,
    SUPABASE_SECRET_KEY: process.env.SUPABASE_SECRET_KEY,
    DATABASE_URL: process.env.DATABASE_URL,
    SECRET_KEY: 'secret-key-of-a-test-deployment-0123456789',
    RATE_LIMIT_PER_IP: '1000000',
    RATE_LIMIT_PER_USER: '1000000',
    ...extra,
  };
}

async function startPod(extra: NodeJS.ProcessEnv = {}) {
  const port = await freePort();
  const pod = new ServiceProcess(podEnv(port, extra));
  await pod.waitForLog((line) => String(line.msg).includes('listening on'));
  await pod.waitForLog((line) =>
    String(line.msg).includes('Live updates are listening'),
  );
  return { pod, base: `http://127.0.0.1:${port}/api/v1` };
}

describe('live updates across pods', () => {
  const pods: ServiceProcess[] = [];

  afterAll(async () => {
    await Promise.all(pods.map((pod) => pod.stop()));
  });

  it('delivers a change made through pod A to a stream on pod B within a second', async () => {
    // The safety poll is out of the way: the second comes from the notification alone.
    const quiet = { EVENTS_POLL_MS: '60000' };
    const [a, b] = await Promise.all([startPod(quiet), startPod(quiet)]);
    pods.push(a.pod, b.pod);
    const user = await signedInUser();
    const stream = await EventStreamClient.open(
      `${b.base}/workspaces/${user.workspaceId}/events`,
      user.headers,
    );
    expect(stream.status).toBe(200);
    const started = Date.now();
    const created = await request(
      `${a.base}/workspaces/${user.workspaceId}/customers`,
      {
        method: 'POST',
        headers: { ...user.headers, 'content-type': 'application/json' },
        body: JSON.stringify(customerInput()),
      },
    );
    expect(created.statusCode).toBe(201);
    const { id } = (await created.body.json()) as { id: string };
    await stream.until(
      (s) =>
        s.entries<{ customer_id: string }>().some((e) => e.customer_id === id),
      1000,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    stream.close();
  });

  it('ends its streams cleanly at SIGTERM, within the drain window, and exits 0', async () => {
    const { pod, base } = await startPod({ SHUTDOWN_GRACE_MS: '2000' });
    pods.push(pod);
    const user = await signedInUser();
    const stream = await EventStreamClient.open(
      `${base}/workspaces/${user.workspaceId}/events`,
      user.headers,
    );
    expect(stream.status).toBe(200);
    const signalled = Date.now();
    pod.kill('SIGTERM');
    await stream.until((s) => s.ended, 2000);
    expect(Date.now() - signalled).toBeLessThan(2000);
    expect(stream.events.at(-1)).toMatchObject({
      event: 'end',
      data: JSON.stringify({ reason: 'the server is restarting' }),
    });
    expect(await pod.exited).toBe(0);
  });
});
