import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

/** What the throttler's guard reads back (the package does not export the type by name). */
type ThrottlerStorageRecord = Awaited<
  ReturnType<ThrottlerStorage['increment']>
>;

interface Window {
  hits: number;
  /** When this window's count starts again from zero (epoch ms). */
  resetsAt: number;
  /** Until when the client is refused, once over its limit (epoch ms; 0: not blocked). */
  blockedUntil: number;
}

/**
 * Request counts per client in fixed windows: one counter per budget and client, so a request
 * costs the same whatever the limit. The throttler's own store keeps a timestamp per request
 * and filters them all on every request (a cost and a memory that grow with the limit).
 * A window's count starts at zero `ttl` after its first request; past the limit the client is
 * refused for `blockDuration` (the throttler's default: the window's length).
 */
@Injectable()
export class WindowCounterStorage
  implements ThrottlerStorage, OnApplicationShutdown
{
  private readonly windows = new Map<string, Window>();
  private sweeper: NodeJS.Timeout | undefined;

  /** How many clients have a window open (the specs read it). */
  get size(): number {
    return this.windows.size;
  }

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    _throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    this.sweepEvery(ttl);
    let window = this.windows.get(key);
    if (!window || window.resetsAt <= now) {
      window = { hits: 0, resetsAt: now + ttl, blockedUntil: 0 };
      this.windows.set(key, window);
    }
    const seconds = (until: number) => Math.ceil((until - now) / 1000);
    if (window.blockedUntil > now) {
      return Promise.resolve({
        totalHits: window.hits,
        timeToExpire: seconds(window.resetsAt),
        isBlocked: true,
        timeToBlockExpire: seconds(window.blockedUntil),
      });
    }
    window.hits += 1;
    const isBlocked = window.hits > limit;
    if (isBlocked) {
      window.blockedUntil = now + (blockDuration > 0 ? blockDuration : ttl);
      // The count lives at least as long as the block it caused.
      window.resetsAt = Math.max(window.resetsAt, window.blockedUntil);
    }
    return Promise.resolve({
      totalHits: window.hits,
      timeToExpire: seconds(window.resetsAt),
      isBlocked,
      timeToBlockExpire: isBlocked ? seconds(window.blockedUntil) : 0,
    });
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.windows.clear();
  }

  /** Forgets clients whose window and block have ended, once per window length. */
  private sweepEvery(ttl: number): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const [key, window] of this.windows) {
        if (window.resetsAt <= now && window.blockedUntil <= now) {
          this.windows.delete(key);
        }
      }
    }, ttl);
    this.sweeper.unref();
  }
}
