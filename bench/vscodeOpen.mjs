// How long opening a capture takes in a real VS Code: code-server 4.100.3 from the e2e harness's
// installation cache, Debian's Chromium under playwright-core. The extension host side
// (bench/vscodeOpenSuite.ts) opens the capture with `vscode.openWith` in a fresh editor and logs
// the wall-clock time; this side then watches the webview's DOM (a MutationObserver in the frame
// of iframe.webview > #active-frame, where the e2e screenshots look) for the first flow row (the
// flow list is shown) and for the findings panel to stop being aria-busy (the findings are shown).
// A measurement, not a test: it prints the figures and writes bench/results/vscode-open.json.
//
// Usage: node bench/vscodeOpen.mjs [--capture FILE] [--runs N] [--no-build] [--extension DIR] [--screenshot]
//        --screenshot: saves bench/results/vscode-open-diagnosing.png the first time a poll sees the
//        flow list while the findings are still coming (the shot itself costs the round some time)
//        --extension: another built checkout to load instead of this one (e.g. a git worktree of
//        an older commit, to compare before and after in the same minutes)
// Env:   SOCKSCOPE_E2E_CACHE    the e2e harness's cache (default /tmp/sockscope-e2e; `bash scripts/e2e.sh install` fills it)
//        SOCKSCOPE_BENCH_PORT   port of this benchmark's own code-server (default 8433; the e2e suites use SOCKSCOPE_E2E_PORT, 8431)
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../test/e2e/browser.mjs';
import { workbenchTestUrl } from '../test/e2e/workbench.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const capture = path.resolve(option('--capture', path.join(REPO, 'bench/data/lab-200mb.pcap')));
const runs = Number(option('--runs', '3'));
const extension = path.resolve(option('--extension', REPO));
let wantShot = args.includes('--screenshot');
const CACHE = process.env.SOCKSCOPE_E2E_CACHE || '/tmp/sockscope-e2e';
const PORT = Number(process.env.SOCKSCOPE_BENCH_PORT || 8433);
const RUN = path.join(CACHE, `bench-run-${PORT}`);
const CS = path.join(CACHE, 'cs/node_modules/.bin/code-server');
const ROUND_TIMEOUT_MS = Number(process.env.SOCKSCOPE_BENCH_ROUND_MS || 120_000);

const log = (m) => console.error(`[vscode-open ${new Date().toISOString().slice(11, 19)}] ${m}`);
const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

if (!fs.existsSync(capture)) {
  console.error(`${capture} does not exist (npm run bench -- --lab makes the lab recordings)`);
  process.exit(2);
}
if (!fs.existsSync(CS)) {
  log('the e2e harness is not installed yet: bash scripts/e2e.sh install');
  execFileSync('bash', ['scripts/e2e.sh', 'install'], { cwd: REPO, stdio: 'inherit' });
}
if (!args.includes('--no-build')) execFileSync('node', ['esbuild.mjs'], { cwd: extension, stdio: 'inherit' });

// Our own server state beside the harness's `run/`, so the test suites can run at the same time.
fs.rmSync(RUN, { recursive: true, force: true });
const marks = path.join(RUN, 'marks');
const workspace = path.join(RUN, 'workspace');
for (const d of [marks, workspace, path.join(RUN, 'data/user/User'), path.join(RUN, 'data/extensions'), path.join(RUN, 'tmp')]) {
  fs.mkdirSync(d, { recursive: true });
}
// The e2e runs' quiet workbench.
fs.copyFileSync(path.join(REPO, 'test/e2e/userSettings.json'), path.join(RUN, 'data/user/User/settings.json'));
// The extension-host half, bundled with its settings beside it.
execFileSync(
  'npx',
  ['esbuild', 'bench/vscodeOpenSuite.ts', '--bundle', '--platform=node', '--format=cjs', '--target=node20', '--external:vscode', `--outfile=${path.join(RUN, 'suite.js')}`, '--log-level=warning'],
  { cwd: REPO, stdio: 'inherit' },
);
fs.writeFileSync(path.join(RUN, 'bench-config.json'), JSON.stringify({ capture, runs, marks, timeoutMs: ROUND_TIMEOUT_MS }));

const env = {
  ...process.env,
  TMPDIR: path.join(RUN, 'tmp'),
  XDG_CONFIG_HOME: path.join(RUN, 'xdg-config'),
  XDG_DATA_HOME: path.join(RUN, 'xdg-data'),
  XDG_CACHE_HOME: path.join(RUN, 'xdg-cache'),
};
fs.writeFileSync(path.join(RUN, 'config.yaml'), `bind-addr: 127.0.0.1:${PORT}\nauth: none\ncert: false\n`);
const serverLog = fs.openSync(path.join(RUN, 'server.log'), 'w');
// Its own process group, so stopping it stops the extension hosts and watchers it started.
const server = spawn(
  CS,
  ['--config', path.join(RUN, 'config.yaml'), '--bind-addr', `127.0.0.1:${PORT}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', path.join(RUN, 'data/user'), '--extensions-dir', path.join(RUN, 'data/extensions'), workspace],
  { env, detached: true, stdio: ['ignore', serverLog, serverLog] },
);
const stopServer = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};
process.on('exit', stopServer);

const results = [];
let exitCode = 1;
let browser;
try {
  log(`code-server on 127.0.0.1:${PORT} (${RUN})`);
  let up = false;
  for (let i = 0; i < 120 && !up; i++) {
    up = await fetch(`http://127.0.0.1:${PORT}/`).then((r) => r.ok, () => false);
    if (!up) await new Promise((r) => setTimeout(r, 250));
  }
  if (!up) throw new Error(`code-server did not start; see ${path.join(RUN, 'server.log')}`);

  browser = await launchBrowser(path.join(RUN, 'tmp'));
  const { page } = browser;

  const rounds = [];
  const finished = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationLog', (type, logArgs) => {
      const line = logArgs.length === 1 && typeof logArgs[0] === 'string' ? logArgs[0].trim() : '';
      const m = /^\[sockscope-bench\] open (\d+) (\d+)$/.exec(line);
      if (m) rounds.push(measure(Number(m[1]), Number(m[2])));
      else if (process.env.SOCKSCOPE_BENCH_DEBUG) console.error(type, ...logArgs);
    });
    void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
  });

  /**
   * Round `round` was opened at `opened` (ms since the epoch, the extension host's clock, which is
   * the webview's). Once the webview's document exists (polled every 100 ms), a MutationObserver
   * inside it notes Date.now() when the flow list's first row appears and when the findings panel
   * stops being aria-busy; those notes are read every 200 ms. (Polling the DOM itself finely
   * costs enough CPU on two cores to slow the parse it measures; Playwright's waitFor polls too
   * coarsely once a wait is long.)
   */
  async function measure(round, opened) {
    const load = loadavg();
    const watch = () => {
      if (!document.querySelector('section.flows')) return null;
      const w = window;
      // Installed once per document (a frame's window can outlive its first, blank document).
      if (w.__sockscopeBenchDoc !== document) {
        w.__sockscopeBenchDoc = document;
        const notes = (w.__sockscopeBench = {});
        const check = () => {
          if (notes.flows === undefined && document.querySelector('section.flows tbody tr[data-flow]')) notes.flows = Date.now();
          if (notes.flows !== undefined && notes.findings === undefined && document.querySelector('section.findings')?.getAttribute('aria-busy') !== 'true') {
            notes.findings = Date.now();
          }
        };
        new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-busy'] });
        check();
      }
      return { ...w.__sockscopeBench, busy: document.querySelector('section.findings')?.getAttribute('aria-busy') === 'true', origin: performance.timeOrigin };
    };
    let notes = null;
    for (const end = Date.now() + ROUND_TIMEOUT_MS; !(notes && notes.findings !== undefined); await new Promise((r) => setTimeout(r, notes ? 200 : 100))) {
      if (Date.now() > end) throw new Error(`round ${round}: no flow list within ${ROUND_TIMEOUT_MS} ms`);
      for (const frame of page.frames()) {
        // Only a webview's own document has the flow list (other frames answer null), and this
        // round's was loaded after the open (a closed editor's document may linger).
        const seen = await frame.evaluate(watch).catch(() => null);
        if (seen && seen.origin >= opened) {
          notes = seen;
          if (wantShot && seen.flows !== undefined && seen.busy) {
            wantShot = false;
            fs.mkdirSync(path.join(REPO, 'bench/results'), { recursive: true });
            await page.screenshot({ path: path.join(REPO, 'bench/results/vscode-open-diagnosing.png') });
            log('saved bench/results/vscode-open-diagnosing.png');
          }
          break;
        }
      }
    }
    const result = { round, flowsSeconds: (notes.flows - opened) / 1000, findingsSeconds: (notes.findings - opened) / 1000, loadavg: load, loadavgAfter: loadavg() };
    results.push(result);
    log(`round ${round}: flow list ${result.flowsSeconds.toFixed(2)} s, findings ${result.findingsSeconds.toFixed(2)} s (load ${load} → ${result.loadavgAfter})`);
    fs.writeFileSync(path.join(marks, `open-${round}.done`), 'seen');
  }

  await page.goto(workbenchTestUrl(`127.0.0.1:${PORT}`, workspace, extension, path.join(RUN, 'suite.js')));
  const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), (runs + 2) * ROUND_TIMEOUT_MS));
  const code = await Promise.race([finished, timeout]);
  await Promise.allSettled(rounds);
  if (code !== 0) throw new Error(code === 'timeout' ? 'the rounds did not finish in time' : `the extension host side failed (exit ${code})`);
  exitCode = results.length === runs ? 0 : 1;
} catch (e) {
  console.error('vscode-open failed:', e instanceof Error ? e.message : e);
} finally {
  await browser?.close();
  stopServer();
}

if (results.length) {
  const size = fs.statSync(capture).size;
  console.log(`\nOpening ${path.basename(capture)} (${(size / 1e6).toFixed(0)} MB) in code-server 4.100.3 (extension: ${extension}, ${gitHead(extension)}), ${runs} fresh editors; wall seconds from vscode.openWith:`);
  console.log('| round | flow list s | findings s | load average (1/5/15 min) at open |');
  console.log('|---:|---:|---:|---|');
  for (const r of results) console.log(`| ${r.round} | ${r.flowsSeconds.toFixed(2)} | ${r.findingsSeconds.toFixed(2)} | ${r.loadavg} |`);
  const summary = { flowsSeconds: median(results.map((r) => r.flowsSeconds)), findingsSeconds: median(results.map((r) => r.findingsSeconds)) };
  console.log(`| **median** | **${summary.flowsSeconds.toFixed(2)}** | **${summary.findingsSeconds.toFixed(2)}** | now ${loadavg()} |`);
  // What the extension logged about each parse (its own timings, from the extension host's clock).
  const hostLines = hostLog().filter((l) => l.includes(path.basename(capture)) && / ms\b/.test(l));
  if (hostLines.length) console.log(`\nThe extension's log:\n${hostLines.join('\n')}`);
  fs.mkdirSync(path.join(REPO, 'bench/results'), { recursive: true });
  fs.writeFileSync(
    path.join(REPO, 'bench/results/vscode-open.json'),
    JSON.stringify({ capture, bytes: size, extension, when: new Date().toISOString(), commit: gitHead(extension), median: summary, rounds: results }, null, 2),
  );
}
process.exit(exitCode);

function hostLog() {
  const logs = path.join(RUN, 'data/user/logs');
  const lines = [];
  const walk = (dir) => {
    for (const e of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'Sockscope.log') lines.push(...fs.readFileSync(p, 'utf8').split('\n'));
    }
  };
  walk(logs);
  return lines;
}

function gitHead(dir) {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir }).toString().trim();
  } catch {
    return undefined;
  }
}
