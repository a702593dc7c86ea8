// Serves the harness page, the built webview bundle and JSON fixtures over a local HTTP server,
// and drives them in the system's Chromium through playwright-core (never a downloaded browser).
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../support/shared';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = path.join(REPO_ROOT, 'test/webview/artifacts');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.html': 'text/html',
  '.map': 'application/json',
  '.json': 'application/json',
};

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds dist/webview.js (+ .css and the codicon font) with the project's webview settings when
 * it is missing or older than its sources (CI has just built it; parallel test files then share it).
 */
export async function buildWebview(): Promise<void> {
  const out = path.join(REPO_ROOT, 'dist/webview.js');
  const sources = Math.max(
    newestMtime(path.join(REPO_ROOT, 'webview')),
    newestMtime(path.join(REPO_ROOT, 'media')),
    statSync(path.join(REPO_ROOT, 'src/protocol.ts')).mtimeMs,
  );
  if (existsSync(out) && existsSync(path.join(REPO_ROOT, 'dist/webview.css')) && statSync(out).mtimeMs >= sources) return;
  await esbuild.build({
    entryPoints: [path.join(REPO_ROOT, 'webview/main.ts')],
    outfile: path.join(REPO_ROOT, 'dist/webview.js'),
    bundle: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'browser',
    format: 'iife',
    loader: { '.ttf': 'file' },
    logLevel: 'error',
  });
}

async function buildStandInHost(): Promise<string> {
  const out = await esbuild.build({
    entryPoints: [path.join(REPO_ROOT, 'test/webview/harness/standInHost.ts')],
    bundle: true,
    write: false,
    target: 'es2022',
    platform: 'browser',
    format: 'iife',
    logLevel: 'error',
  });
  return out.outputFiles[0].text;
}

export interface Harness {
  /** URL of the harness page with the given query parameters. */
  url(params: Record<string, string>): string;
  /** A new page with dialogs, console errors and CSP violations recorded. */
  page(): Promise<{ page: Page; problems: string[] }>;
  close(): Promise<void>;
}

export async function startHarness(fixtures: Map<string, string>): Promise<Harness> {
  await buildWebview();
  const hostJs = await buildStandInHost();
  const html = readFileSync(path.join(REPO_ROOT, 'test/webview/harness/index.html'), 'utf8');
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, type: string, body: string | Buffer): void => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/harness/index.html') {
      const nonce = randomBytes(16).toString('base64url');
      return send(200, TYPES['.html'], html.replaceAll('HARNESSNONCE', nonce));
    }
    if (url.pathname === '/favicon.ico') return send(204, 'text/plain', '');
    if (url.pathname === '/harness/standInHost.js') return send(200, TYPES['.js'], hostJs);
    if (url.pathname.startsWith('/fixtures/')) {
      const body = fixtures.get(url.pathname.slice('/fixtures/'.length));
      return body === undefined ? send(404, 'text/plain', 'no such fixture') : send(200, TYPES['.json'], body);
    }
    if (url.pathname.startsWith('/dist/')) {
      const file = path.join(REPO_ROOT, 'dist', path.basename(url.pathname));
      if (existsSync(file)) return send(200, TYPES[path.extname(file)] ?? 'application/octet-stream', readFileSync(file));
    }
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const userDataDir = mkdtempSync(path.join(tmpdir(), 'sockscope-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });

  return {
    url: (params) => `http://127.0.0.1:${port}/harness/index.html?${new URLSearchParams(params).toString()}`,
    async page() {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('dialog', (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        // The screenshot test reads canvas pixels back, which Chromium comments on; that is the test's doing.
        if ((m.type() === 'error' || m.type() === 'warning') && !m.text().includes('willReadFrequently')) problems.push(`console ${m.type()}: ${m.text()}`);
      });
      return { page, problems };
    },
    async close() {
      await context.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
