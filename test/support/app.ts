import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../../src/app.module';
import {
  configureApp,
  createFastifyAdapter,
  type SlowClientLimits,
} from '../../src/app.setup';

/** Boots the real AppModule on Fastify, configured exactly as main.ts does. */
export async function createTestApp(
  limits?: SlowClientLimits,
): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(
    createFastifyAdapter(limits),
    {
      bufferLogs: true,
    },
  );
  configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
