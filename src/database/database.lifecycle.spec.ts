import { Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { supabaseConfig } from '../config/supabase.config';
import { DatabaseLifecycle } from './database.lifecycle';
import type { PostgresListener } from './postgres-listener';
import type { PostgresPool } from './postgres-pool';
import type { Supabase } from './supabase-client.factory';
import type { ProbeResult, SupabaseProbe } from './supabase.probe';
import type { SupabaseTransport } from './supabase-transport';

describe(DatabaseLifecycle.name, () => {
  const down: ProbeResult = {
    up: false,
    responseTimeMs: 1,
    reason: 'data API unreachable',
  };
  const up: ProbeResult = { up: true, responseTimeMs: 4 };
  let check: jest.Mock<Promise<ProbeResult>, []>;
  let warn: jest.SpyInstance;
  let close: jest.Mock<Promise<void>, []>;
  let start: jest.Mock<Promise<void>, []>;
  let stopListening: jest.Mock<Promise<void>, []>;
  let closePool: jest.Mock<Promise<void>, []>;
  let removeAllChannels: jest.Mock;
  let channels: unknown[];

  function lifecycle(connectRetries: number): DatabaseLifecycle {
    const config = { connectRetries, connectRetryDelayMs: 1 } as ConfigType<
      typeof supabaseConfig
    >;
    const client = {
      getChannels: () => channels,
      removeAllChannels,
    } as unknown as Supabase;
    const transport = { close } as unknown as SupabaseTransport;
    return new DatabaseLifecycle(
      config,
      client,
      transport,
      { check } as unknown as SupabaseProbe,
      { start, stop: stopListening } as unknown as PostgresListener,
      { close: closePool } as unknown as PostgresPool,
    );
  }

  beforeEach(() => {
    check = jest.fn<Promise<ProbeResult>, []>();
    close = jest.fn<Promise<void>, []>().mockResolvedValue(undefined);
    start = jest.fn<Promise<void>, []>().mockResolvedValue(undefined);
    stopListening = jest.fn<Promise<void>, []>().mockResolvedValue(undefined);
    closePool = jest.fn<Promise<void>, []>().mockResolvedValue(undefined);
    removeAllChannels = jest.fn().mockResolvedValue([]);
    channels = [];
    warn = jest
      .spyOn(Logger.prototype, 'warn')
      .mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('retries until the data API answers, then stops asking', async () => {
    check
      .mockResolvedValueOnce(down)
      .mockResolvedValueOnce(down)
      .mockResolvedValueOnce(up);
    await lifecycle(5).onModuleInit();
    expect(check).toHaveBeenCalledTimes(3);
    expect(warn).not.toHaveBeenCalled();
  });

  it('starts anyway after the last retry, with one warning that says why', async () => {
    check.mockResolvedValue(down);
    await expect(lifecycle(2).onModuleInit()).resolves.toBeUndefined();
    expect(check).toHaveBeenCalledTimes(3);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'unreachable after 3 attempt(s): data API unreachable',
      ),
    );
  });

  it("makes the LISTEN link's first attempt while it checks the data API, and stops with its refusal", async () => {
    check.mockResolvedValue(up);
    await lifecycle(0).onModuleInit();
    expect(start).toHaveBeenCalledTimes(1);
    const refusal = new Error('DATABASE_URL connects as a superuser');
    start.mockRejectedValueOnce(refusal);
    await expect(lifecycle(0).onModuleInit()).rejects.toBe(refusal);
  });

  it('closes the clients at shutdown, channels first when there are any', async () => {
    await lifecycle(0).onApplicationShutdown('SIGTERM');
    expect(removeAllChannels).not.toHaveBeenCalled();
    expect(close).toHaveBeenCalledTimes(1);
    expect(stopListening).toHaveBeenCalledTimes(1);
    expect(closePool).toHaveBeenCalledTimes(1);
    channels = [{}];
    await lifecycle(0).onApplicationShutdown('SIGTERM');
    expect(removeAllChannels).toHaveBeenCalledTimes(1);
  });
});
