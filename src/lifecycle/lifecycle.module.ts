import { Module } from '@nestjs/common';
import { GracefulShutdown } from './graceful-shutdown.service';
import { ShutdownState } from './shutdown.state';

/**
 * Whether the process is stopping (exported: health and features read it), and the drain before
 * it does (main.ts reaches it through the application, so no module imports it).
 */
@Module({
  providers: [ShutdownState, GracefulShutdown],
  exports: [ShutdownState],
})
export class LifecycleModule {}
