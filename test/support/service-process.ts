import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { stopProcess } from '../../scripts/lib/processes';

export const ROOT = join(__dirname, '..', '..');

/** The built service (`node dist/main.js`) as a child process, with its output collected. */
export class ServiceProcess {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcessWithoutNullStreams;

  /** `cwd`: where dist/ lives (the checkout, or a production tree); `args`: Node options too. */
  constructor(
    env: NodeJS.ProcessEnv,
    options: { cwd?: string; args?: string[] } = {},
  ) {
    const cwd = options.cwd ?? ROOT;
    this.child = spawn(
      process.execPath,
      options.args ?? [join(cwd, 'dist', 'main.js')],
      { cwd, env: { PATH: process.env.PATH, ...env } },
    );
    this.child.stdout
      .setEncoding('utf8')
      .on('data', (c: string) => this.stdout.push(c));
    this.child.stderr
      .setEncoding('utf8')
      .on('data', (c: string) => this.stderr.push(c));
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code) => resolve(code)),
    );
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Every JSON log line written so far. */
  logLines(): Record<string, unknown>[] {
    return this.stdout
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** Resolves once a log line satisfies the predicate. */
  async waitForLog(
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs = 15_000,
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const line = this.logLines().find(predicate);
      if (line) return line;
      if (this.child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(
      `no such log line; stdout:\n${this.stdout.join('')}\nstderr:\n${this.stderr.join('')}`,
    );
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.child.kill(signal);
  }

  /** Stops the process if it still runs. */
  stop(): Promise<void> {
    return stopProcess(this.child, { signal: 'SIGKILL' });
  }
}
