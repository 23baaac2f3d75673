// Shared by scripts/openapi.mts and test/tooling/openapi.e2e-spec.ts (ESM here, CommonJS under
// Jest): the OpenAPI document exactly as the built service serves it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './ports.ts';
import { stopProcess } from './processes.ts';

/** Starts `node dist/main.js` (no database needed), reads /api/docs-json, stops it. */
export async function servedOpenApi(root: string): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'dist', 'main.js')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: String(port),
      // Nothing listens there: the document does not depend on the data API.
      SUPABASE_URL: `http://127.0.0.1:${await freePort()}`,
      SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_document-only-0123456789',
      SUPABASE_SECRET_KEY: 'sb_secret_document-only-0123456789',
      SECRET_KEY: 'document-only-secret-key-0123456789-0123456789',
      DB_CONNECT_RETRIES: '0',
      SHUTDOWN_GRACE_MS: '0',
    },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) break;
      const res = await fetch(`http://127.0.0.1:${port}/api/docs-json`).catch(
        () => undefined,
      );
      if (res?.ok) return await res.text();
      await sleep(50);
    }
    throw new Error(`the built service did not serve its document:\n${stderr}`);
  } finally {
    await stopProcess(child);
  }
}

/** The document as committed in openapi.json: parsed and printed the same way every time. */
export function formatOpenApi(served: string): string {
  return `${JSON.stringify(JSON.parse(served), null, 2)}\n`;
}
