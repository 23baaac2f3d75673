// Shared by scripts/ and test/ (ESM here, CommonJS under Jest): Node built-ins only.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface CliResult {
  code: number | null;
  stdout: string;
  /** stdout and stderr, interleaved as they came. */
  output: string;
}

/** The real Supabase CLI of the project at `root`, telemetry off; never rejects on its exit code. */
export function supabaseCli(args: string[], root: string): Promise<CliResult> {
  const cli = join(root, 'node_modules', 'supabase', 'dist', 'supabase.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args, '--workdir', root], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        SUPABASE_TELEMETRY_DISABLED: '1',
        DO_NOT_TRACK: '1',
      },
    });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, output }));
  });
}

/** The CLI's output when it succeeds; its whole output in the error when it does not. */
export async function runSupabaseCli(
  args: string[],
  root: string,
  options: { stdoutOnly?: boolean } = {},
): Promise<string> {
  const { code, stdout, output } = await supabaseCli(args, root);
  if (code !== 0) {
    throw new Error(
      `supabase ${args.slice(0, 2).join(' ')} failed (code ${code}):\n${output}`,
    );
  }
  return options.stdoutOnly ? stdout : output;
}
