import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../../src/app.module';
import {
  NEST_APP_OPTIONS,
  configureApp,
  createFastifyAdapter,
  type SlowClientLimits,
} from '../../src/app.setup';

export interface TestAppOptions {
  /**
   * Settings for this app only (undefined removes one): applied while it is built, then the
   * environment is restored.
   */
  env?: Record<string, string | undefined>;
  limits?: SlowClientLimits;
}

/** Boots the real AppModule on Fastify, configured exactly as main.ts does. */
export async function createTestApp(
  options: TestAppOptions = {},
): Promise<NestFastifyApplication> {
  const overridden = Object.keys(options.env ?? {});
  const saved = overridden.map((name) => [name, process.env[name]] as const);
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  try {
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule],
    }).compile();
    const app = moduleRef.createNestApplication<NestFastifyApplication>(
      createFastifyAdapter(options.limits),
      NEST_APP_OPTIONS,
    );
    configureApp(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return app;
  } finally {
    // Configuration is read while the app is built; later specs must not inherit these.
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
