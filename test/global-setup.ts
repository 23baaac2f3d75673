import { startLocalStack } from './support/local-stack';

declare global {
  var __LOCAL_STACK__: Awaited<ReturnType<typeof startLocalStack>> | undefined;
}

/** One real stack (Postgres, PostgREST, gateway) for the whole e2e run. */
export default async function globalSetup(): Promise<void> {
  const stack = await startLocalStack();
  globalThis.__LOCAL_STACK__ = stack;
  // Specs run in band in this process, so they see these.
  Object.assign(process.env, stack.env, { CRM_STACK_DATA_DIR: stack.dataDir });
}
