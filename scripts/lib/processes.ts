// Shared by scripts/, bench/ and test/ (ESM here, CommonJS under Jest): Node built-ins only.
import type { ChildProcess } from 'node:child_process';

export interface StopOptions {
  /** The polite signal; default SIGTERM. */
  signal?: NodeJS.Signals;
  /** SIGKILL after this long if the process is still there; default: wait. */
  killAfterMs?: number;
  /** Signal the process group the child leads (it was spawned detached). */
  group?: boolean;
}

/** Whether a child process has already exited. */
export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Stops a child process and resolves once it has exited. */
export async function stopProcess(
  child: ChildProcess,
  options: StopOptions = {},
): Promise<void> {
  if (hasExited(child) || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const send = (signal: NodeJS.Signals) => {
    try {
      if (options.group) process.kill(-child.pid!, signal);
      else child.kill(signal);
    } catch {
      // Gone between the check and the signal.
    }
  };
  send(options.signal ?? 'SIGTERM');
  const timer =
    options.killAfterMs === undefined
      ? undefined
      : setTimeout(() => send('SIGKILL'), options.killAfterMs);
  await exited;
  clearTimeout(timer);
}
