import { stopLocalStack } from './support/local-stack';

export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.__LOCAL_STACK__;
  if (stack) await stopLocalStack(stack);
}
