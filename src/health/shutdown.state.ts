import { Injectable } from '@nestjs/common';

/** Whether the process has been asked to stop; readiness turns down from that moment. */
@Injectable()
export class ShutdownState {
  private since?: Date;

  get shuttingDown(): boolean {
    return this.since !== undefined;
  }

  markShuttingDown(): void {
    this.since ??= new Date();
  }
}
