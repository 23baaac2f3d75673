import { Injectable } from '@nestjs/common';

/** Whether the process has been asked to stop; readiness turns down from that moment. */
@Injectable()
export class ShutdownState {
  private since?: Date;
  private readonly listeners: (() => void)[] = [];

  get shuttingDown(): boolean {
    return this.since !== undefined;
  }

  markShuttingDown(): void {
    if (this.since) return;
    this.since = new Date();
    for (const listener of this.listeners.splice(0)) listener();
  }

  /** Runs `listener` once, when the process is asked to stop (at once if it already was). */
  onShuttingDown(listener: () => void): void {
    if (this.since) listener();
    else this.listeners.push(listener);
  }
}
