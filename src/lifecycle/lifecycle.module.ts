import { Module } from '@nestjs/common';
import { GracefulShutdown } from './graceful-shutdown.service';
import { ShutdownState } from './shutdown.state';

/** Whether the process is stopping, and the drain before it does: for health, features and main.ts. */
@Module({
  providers: [ShutdownState, GracefulShutdown],
  exports: [ShutdownState, GracefulShutdown],
})
export class LifecycleModule {}
