import type { ExecutionContext } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { securityConfig } from '../config/security.config';
import { AddressRateLimit } from './address-rate-limit.hook';
import {
  NO_RATE_LIMIT,
  NoRateLimit,
  TooManyRequestsException,
  UserRateLimitGuard,
} from './rate-limit.guards';
import { rateLimitOptions } from './rate-limit.module';
import { WindowCounterStorage } from './window-counter.storage';

const security = {
  rateLimitWindowMs: 60_000,
  rateLimitPerIp: 3,
  rateLimitPerUser: 2,
} as ConfigType<typeof securityConfig>;
const options = rateLimitOptions(security);

/**
 * A route: handler, controller and Fastify route config; exempt ones carry @NoRateLimit() on
 * their handler as the health controller's do, and the config Nest gives Fastify for it.
 */
function route(exempt = false) {
  class Controller {
    handle() {
      return undefined;
    }
  }
  const descriptor = Object.getOwnPropertyDescriptor(
    Controller.prototype,
    'handle',
  )!;
  if (exempt) NoRateLimit()(Controller.prototype, 'handle', descriptor);
  return {
    handler: descriptor.value as () => undefined,
    controller: Controller,
    config: exempt ? { [NO_RATE_LIMIT]: true } : {},
  };
}

/** A reply double that keeps the headers set on it. */
function replyDouble() {
  const headers: Record<string, string> = {};
  return {
    headers,
    getHeader: (name: string) => headers[name],
    header: (name: string, value: string) => {
      headers[name] = value;
    },
  };
}

/** The address budget (a Fastify hook) or the user guard, answering true when allowed. */
async function call(
  limiter: AddressRateLimit | UserRateLimitGuard,
  request: { ip: string; user?: { id: string } },
  at = route(),
  reply = replyDouble(),
): Promise<boolean> {
  if (limiter instanceof AddressRateLimit) {
    await limiter.spend(
      { ...request, routeOptions: { config: at.config } },
      reply,
    );
    return true;
  }
  const context = {
    getHandler: () => at.handler,
    getClass: () => at.controller,
    switchToHttp: () => ({
      getRequest: () => ({ headers: {}, ...request }),
      getResponse: () => reply,
    }),
  } as unknown as ExecutionContext;
  return limiter.canActivate(context);
}

describe('rate limits: the address hook and the user guard', () => {
  let storage: WindowCounterStorage;
  let ip: AddressRateLimit;
  let user: UserRateLimitGuard;

  beforeEach(async () => {
    storage = new WindowCounterStorage();
    ip = new AddressRateLimit(security, storage);
    user = new UserRateLimitGuard(options, storage, new Reflector());
    await user.onModuleInit();
  });

  afterEach(() => storage.onApplicationShutdown());

  it('gives each address its budget, then a 429 with Retry-After in whole seconds', async () => {
    for (let i = 0; i < 3; i++)
      await expect(call(ip, { ip: '192.0.2.1' })).resolves.toBe(true);
    const refused = await call(ip, { ip: '192.0.2.1' }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(TooManyRequestsException);
    const retryAfter = Number(
      (refused as TooManyRequestsException).headers['Retry-After'],
    );
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    await expect(call(ip, { ip: '192.0.2.2' })).resolves.toBe(true);
  });

  it('counts an address across routes, not per route', async () => {
    for (let i = 0; i < 3; i++)
      await expect(call(ip, { ip: '192.0.2.3' }, route())).resolves.toBe(true);
    await expect(call(ip, { ip: '192.0.2.3' }, route())).rejects.toBeInstanceOf(
      TooManyRequestsException,
    );
  });

  it('counts a user across routes and addresses', async () => {
    const alice = { id: 'alice' };
    await call(user, { ip: '192.0.2.4', user: alice }, route());
    await call(user, { ip: '192.0.2.5', user: alice }, route());
    await expect(
      call(user, { ip: '192.0.2.6', user: alice }, route()),
    ).rejects.toBeInstanceOf(TooManyRequestsException);
    await expect(
      call(user, { ip: '192.0.2.4', user: { id: 'bob' } }),
    ).resolves.toBe(true);
  });

  it('leaves requests without a user to the address budget', async () => {
    for (let i = 0; i < 10; i++)
      await expect(call(user, { ip: '192.0.2.7' })).resolves.toBe(true);
  });

  it('each applies its own budget only', async () => {
    const carol = { id: 'carol' };
    // Three user-budget calls would exceed the user limit of 2 if the address guard counted them.
    for (let i = 0; i < 3; i++)
      await expect(call(ip, { ip: '192.0.2.8', user: carol })).resolves.toBe(
        true,
      );
    await expect(call(user, { ip: '192.0.2.9', user: carol })).resolves.toBe(
      true,
    );
  });

  it('never limits an exempt route', async () => {
    const probe = route(true);
    for (let i = 0; i < 10; i++) {
      await expect(call(ip, { ip: '192.0.2.10' }, probe)).resolves.toBe(true);
      await expect(
        call(user, { ip: '192.0.2.10', user: { id: 'dave' } }, probe),
      ).resolves.toBe(true);
    }
  });

  it('never asks a client to retry sooner than in one second', () => {
    expect(new TooManyRequestsException(0.2).headers['Retry-After']).toBe('1');
    expect(new TooManyRequestsException(2.1).headers['Retry-After']).toBe('3');
  });

  it('tells the client every budget an answer spent, in the IETF RateLimit fields', async () => {
    const reply = replyDouble();
    const caller = { ip: '192.0.2.11', user: { id: 'erin' } };
    await call(ip, caller, route(), reply);
    await call(user, caller, route(), reply);
    expect(reply.headers).toEqual({
      'RateLimit-Policy': '"ip";q=3;w=60, "user";q=2;w=60',
      RateLimit: '"ip";r=2;t=60, "user";r=1;t=60',
    });
  });

  it('names the spent budget on a refusal too', async () => {
    for (let i = 0; i < 3; i++) await call(ip, { ip: '192.0.2.12' });
    const reply = replyDouble();
    await expect(
      call(ip, { ip: '192.0.2.12' }, route(), reply),
    ).rejects.toBeInstanceOf(TooManyRequestsException);
    expect(reply.headers.RateLimit).toMatch(/^"ip";r=0;t=\d+$/);
  });
});
