// The frame of every browser test: arguments, prerequisites, the output folder, one line per step, an
// overall deadline, and cleanup of everything the test started (chromium, servers) on every way out.
//
//   await runBrowserTest({ name: 'login-journey', timeoutMs: 60_000, needs: ['mockServer'], run });
//
// run({ args, outDir, step, onCleanup }) does the work; a step that throws fails the test.
// Output: "ok <step> [detail]" per step, "FAIL <step>: <reason>" on failure, "PASS <name>" at the end.
// Exit codes: 0 passed; 1 failed; 77 skipped: chromium or node_modules missing and
// OAUTH_REQUIRE_BROWSER is not 1 (tools/test.sh sets it, so there a missing prerequisite fails).

import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';
export const SKIP = 77;
const HERE = dirname(fileURLToPath(import.meta.url));
const BROWSER_DIR = resolve(HERE, '..');

const cleanups = [];
const exitHooks = [];
let currentStep = 'start';
let finished = false;

// Last resort when the process ends anyway: kill what is still running, remove what is left.
process.on('exit', () => {
  for (const fn of exitHooks) {
    try { fn(); } catch { /* keep going */ }
  }
});
// A promise nobody awaits any more (e.g. a waitForResponse when the step already failed) fails the test
// while it runs and is ignored while the test cleans up; either way cleanup still happens.
for (const event of ['unhandledRejection', 'uncaughtException']) {
  process.on(event, (err) => void finish(1, `FAIL ${currentStep}: ${describe(err)}`));
}
process.stdout.on('error', () => {}); // a closed pipe must not stop the cleanup

/// Runs the test and exits the process with its code.
export async function runBrowserTest({ name, timeoutMs, needs = [], run }) {
  const args = parseArgs(process.argv.slice(2), needs);
  checkPrerequisites();
  const outDir = resolve(args.out);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  console.log(`${name}: output in ${outDir}`);

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => void finish(1, `FAIL ${currentStep}: interrupted by ${signal}`));
  }
  const timer = setTimeout(
    () => void finish(1, `FAIL ${currentStep}: the test did not finish within ${timeoutMs / 1000} s`), timeoutMs);
  timer.unref();

  try {
    await run({ args, outDir, step, onCleanup });
  } catch (err) {
    return finish(1, `FAIL ${currentStep}: ${describe(err)}`);
  }
  return finish(0, `PASS ${name}`);
}

/// Registers fn (async allowed) to run at the end, last registered first.
export function onCleanup(fn) {
  cleanups.push(fn);
}

/// Registers a synchronous fn for process exit: the last resort if the cleanup could not run.
export function onExit(fn) {
  exitHooks.push(fn);
}

/// Runs one named step; prints "ok <name> [detail]" when it returns, rethrows when it throws.
export async function step(name, fn) {
  currentStep = name;
  const detail = await fn();
  if (!finished) console.log(`ok ${name}${detail ? ` ${detail}` : ''}`);
  return detail;
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/// Awaits promise, or rejects after ms with a message that says what was awaited.
export function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function finish(code, line) {
  if (finished) return;
  finished = true;
  console.log(line);
  for (const fn of cleanups.reverse()) {
    try {
      await within(10_000, 'cleanup', Promise.resolve().then(fn));
    } catch (err) {
      console.log(`warning: cleanup: ${describe(err)}`);
    }
  }
  process.exit(code);
}

/// --out DIR (required), --mock-server PATH, --conformance PATH (each required when the test needs it).
function parseArgs(argv, needs) {
  const args = {};
  const known = { '--out': 'out', '--mock-server': 'mockServer', '--conformance': 'conformance' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = known[argv[i]];
    if (!key || argv[i + 1] === undefined) usage(`unexpected argument '${argv[i]}'`);
    args[key] = resolve(argv[i + 1]);
  }
  for (const key of ['out', ...needs]) {
    if (!args[key]) usage(`missing --${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    if (key !== 'out' && !existsSync(args[key])) usage(`not found: ${args[key]}`);
  }
  return args;
}

function usage(problem) {
  console.log(`FAIL arguments: ${problem} (usage: --out DIR [--mock-server PATH] [--conformance PATH])`);
  process.exit(1);
}

/// Chromium and playwright-core must be there; missing, the test fails under tools/test.sh, else skips.
function checkPrerequisites() {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push(`${CHROMIUM} (install: tools/bootstrap.sh --browser)`);
  if (!existsSync(join(BROWSER_DIR, 'node_modules', 'playwright-core'))) {
    missing.push(`playwright-core (install: cd tools/browser && npm ci)`);
  }
  if (missing.length === 0) return;
  const required = process.env.OAUTH_REQUIRE_BROWSER === '1';
  console.log(`${required ? 'FAIL prerequisites' : 'SKIP'}: missing ${missing.join('; ')}` +
    (required ? '' : ' (set OAUTH_REQUIRE_BROWSER=1 to make this a failure; tools/test.sh does)'));
  process.exit(required ? 1 : SKIP);
}

/// A short description of a list for a failure message: the count and the first three distinct items.
export function listed(items) {
  const distinct = [...new Set(items)];
  const shown = distinct.slice(0, 3).map((item) => (item.length > 200 ? `${item.slice(0, 200)}…` : item));
  return `${items.length}: ${shown.join(' | ')}${distinct.length > 3 ? ` | … (${distinct.length} distinct)` : ''}`;
}

/// The error's message on one line (playwright's call log included), at most 1500 characters.
export function describe(err) {
  const text = (err instanceof Error ? err.message : String(err)).replace(/\u001b\[\d+m/g, '');
  const line = text.split('\n').map((l) => l.trim()).filter(Boolean).join(' | ');
  return line.length > 1500 ? `${line.slice(0, 1500)}…` : line;
}
