import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The real Supabase CLI from node_modules, with telemetry off; resolves with its output. */
export function runSupabaseCli(
  args: string[],
  workdir: string,
  options: { stdoutOnly?: boolean } = {},
): Promise<string> {
  const cli = join(
    dirname(require.resolve('supabase/package.json')),
    'dist',
    'supabase.js',
  );
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [cli, ...args, '--workdir', workdir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          SUPABASE_TELEMETRY_DISABLED: '1',
          DO_NOT_TRACK: '1',
        },
      },
    );
    let stdout = '';
    let all = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      all += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => (all += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(options.stdoutOnly ? stdout : all);
      else
        reject(
          new Error(
            `supabase ${args.slice(0, 2).join(' ')} failed (code ${code}):\n${all}`,
          ),
        );
    });
  });
}
