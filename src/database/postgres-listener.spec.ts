import { Logger } from '@nestjs/common';
import pg from 'pg';
import { PostgresListener } from './postgres-listener';
import {
  PrivilegedDatabaseRoleError,
  type PrivilegedRole,
} from './postgres-role';

const URL = 'postgres://feed:secret-password@db.invalid/crm';

const SUPERUSER: PrivilegedRole = {
  user: 'postgres',
  role: 'postgres',
  superuser: true,
  bypassRls: true,
};
const MEMBER_OF_SERVICE_ROLE: PrivilegedRole = {
  user: 'authenticator',
  role: 'service_role',
  superuser: false,
  bypassRls: true,
};

/** One connection attempt: connects (or is refused), answers the role check, records LISTENs. */
class FakeClient {
  private readonly handlers = new Map<string, (message: unknown) => void>();
  readonly statements: string[] = [];
  readonly connect = jest.fn(() => Promise.resolve());
  readonly end = jest.fn(() => {
    this.handlers.get('end')?.(undefined);
    return Promise.resolve();
  });

  constructor(private readonly privileged: PrivilegedRole | undefined) {}

  query(text: string) {
    this.statements.push(text.trim());
    const rows =
      text.includes('pg_roles') && this.privileged ? [this.privileged] : [];
    return Promise.resolve({ rows });
  }

  on(event: string, handler: (message: unknown) => void): this {
    this.handlers.set(event, handler);
    return this;
  }

  emit(event: string, message?: unknown): void {
    this.handlers.get(event)?.(message);
  }

  get listened(): string[] {
    return this.statements.filter((s) => s.startsWith('listen '));
  }
}

describe(PostgresListener.name, () => {
  let clients: FakeClient[];
  /** How many of the next connections are refused, and the role the others log in as. */
  let unreachable: number;
  let privileged: PrivilegedRole | undefined;
  let warn: jest.SpyInstance;
  let error: jest.SpyInstance;
  let listeners: PostgresListener[];

  function listener(refusePrivilegedRole: boolean, url: string | null = URL) {
    const made = new PostgresListener({
      url: url ?? undefined,
      refusePrivilegedRole,
    });
    listeners.push(made);
    return made;
  }

  const listenTo = (link: PostgresListener, channel = 'crm_activities') => {
    const channel_ = { notified: jest.fn(), listening: jest.fn() };
    link.listen(channel, channel_);
    return channel_;
  };

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    clients = [];
    unreachable = 0;
    privileged = undefined;
    listeners = [];
    jest.spyOn(pg, 'Client').mockImplementation(() => {
      const client = new FakeClient(privileged);
      if (unreachable > 0) {
        unreachable -= 1;
        client.connect.mockRejectedValueOnce(new Error('connection refused'));
      }
      clients.push(client);
      return client as unknown as pg.Client;
    });
    warn = jest
      .spyOn(Logger.prototype, 'warn')
      .mockImplementation(() => undefined);
    error = jest
      .spyOn(Logger.prototype, 'error')
      .mockImplementation(() => undefined);
  });

  afterEach(async () => {
    for (const link of listeners) await link.stop();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('is off without DATABASE_URL and opens no connection', async () => {
    const link = listener(true, null);
    listenTo(link);
    await link.start();
    expect(link.state).toBe('off');
    expect(pg.Client).not.toHaveBeenCalled();
  });

  it('checks the role, then listens on every channel and passes each notification on', async () => {
    const link = listener(true);
    const activities = listenTo(link);
    const other = listenTo(link, 'other_channel');
    await link.start();
    expect(link.state).toBe('up');
    expect(clients[0].statements[0]).toContain('pg_roles');
    expect(clients[0].listened).toEqual([
      'listen crm_activities',
      'listen other_channel',
    ]);
    expect(activities.listening).toHaveBeenCalledTimes(1);

    clients[0].emit('notification', {
      channel: 'crm_activities',
      payload: 'w1',
    });
    expect(activities.notified).toHaveBeenCalledWith('w1');
    expect(other.notified).not.toHaveBeenCalled();
  });

  it('refuses a channel name it would have to quote, and a channel after start', async () => {
    const link = listener(true);
    expect(() => listenTo(link, 'crm; drop table x')).toThrow(
      'not a plain channel name',
    );
    await link.start();
    expect(() => listenTo(link, 'late')).toThrow('the link has started');
  });

  it('reconnects when the link is lost, 500 ms later and doubling, and listens again', async () => {
    const link = listener(true);
    const channel = listenTo(link);
    await link.start();
    unreachable = 1;
    clients[0].emit('error', new Error('terminated'));
    expect(link.state).toBe('down');
    await jest.advanceTimersByTimeAsync(499);
    expect(clients).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(clients).toHaveLength(2);
    expect(link.state).toBe('down');
    // The second attempt waits twice as long.
    await jest.advanceTimersByTimeAsync(999);
    expect(clients).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(link.state).toBe('up');
    expect(clients[2].listened).toEqual(['listen crm_activities']);
    expect(channel.listening).toHaveBeenCalledTimes(2);
  });

  it('stops without taking its own end for a lost link', async () => {
    const link = listener(true);
    listenTo(link);
    await link.start();
    await link.stop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(clients).toHaveLength(1);
    expect(warn).not.toHaveBeenCalled();
  });

  describe('in staging and production', () => {
    it.each([
      [
        'a superuser',
        SUPERUSER,
        'DATABASE_URL logs in as role "postgres", which is a superuser and bypasses row level security.',
      ],
      [
        'a role that may become one that bypasses RLS',
        MEMBER_OF_SERVICE_ROLE,
        'DATABASE_URL logs in as role "authenticator", a member of "service_role", which bypasses row level security.',
      ],
    ])(
      'refuses to start as %s, naming the role and the fix, and never listens',
      async (_what, role, problem) => {
        privileged = role;
        const link = listener(true);
        listenTo(link);
        const refusal = await link.start().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(refusal).toBeInstanceOf(PrivilegedDatabaseRoleError);
        const { message } = refusal as Error;
        expect(message).toContain(problem);
        expect(message).toContain('crm_live_feed');
        expect(message).toContain('docs/local-stack.md');
        expect(message).not.toContain('secret-password');
        expect(clients[0].listened).toEqual([]);
        expect(clients[0].end).toHaveBeenCalled();
        expect(link.state).toBe('down');
      },
    );

    it('starts when the database is unreachable, then keeps a privileged link refused for good', async () => {
      unreachable = 1;
      privileged = SUPERUSER;
      const link = listener(true);
      listenTo(link);
      await expect(link.start()).resolves.toBeUndefined();
      expect(link.state).toBe('down');

      await jest.advanceTimersByTimeAsync(500);
      expect(clients).toHaveLength(2);
      expect(clients[1].listened).toEqual([]);
      expect(link.state).toBe('down');
      expect(error).toHaveBeenCalledTimes(1);
      expect(error).toHaveBeenCalledWith(
        expect.stringContaining('is a superuser'),
      );
      // No further attempt: the role will not change by retrying.
      await jest.advanceTimersByTimeAsync(60_000);
      expect(clients).toHaveLength(2);
      expect(link.state).toBe('down');
    });
  });

  describe('in development and test', () => {
    it('listens as a privileged role, with one warning line', async () => {
      privileged = SUPERUSER;
      const link = listener(false);
      listenTo(link);
      await link.start();
      expect(link.state).toBe('up');
      expect(clients[0].listened).toEqual(['listen crm_activities']);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledWith(
        expect.stringContaining(
          'role "postgres", which is a superuser and bypasses row level security',
        ),
      );

      // A reconnect does not repeat it.
      clients[0].emit('end');
      await jest.advanceTimersByTimeAsync(500);
      expect(link.state).toBe('up');
      expect(
        warn.mock.calls.filter(([m]) => String(m).includes('superuser')),
      ).toHaveLength(1);
    });
  });
});
