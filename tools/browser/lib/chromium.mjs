// Debian's chromium, headless, through playwright-core (which never downloads a browser: it is given
// executablePath). Each launch gets a fresh profile (--user-data-dir) that is removed on close, and a
// guard that aborts and records every request that would leave the loopback interface.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, onCleanup, onExit } from './harness.mjs';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // No name resolves but localhost: even the browser's own requests cannot leave the machine.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

/// Resolves with {context, page, blocked, close}. blocked lists the URLs the guard refused.
export async function launchChromium({ javaScriptEnabled = true, viewport = { width: 1100, height: 900 } } = {}) {
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'oauth-browser-profile-'));
  let context;
  const close = async () => {
    const c = context;
    context = undefined;
    try {
      if (c) await c.close();
    } finally {
      rmSync(userDataDir, { recursive: true, force: true });
    }
  };
  onCleanup(close);
  onExit(() => rmSync(userDataDir, { recursive: true, force: true })); // playwright kills chromium on exit
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    javaScriptEnabled,
    viewport,
    timeout: 30_000,
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(15_000);
  const blocked = [];
  await context.route((url) => !isLoopback(url), (route) => {
    blocked.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, blocked, close };
}

/// Records console messages and uncaught page errors; .errors() lists the console errors and page errors.
export function watchConsole(page) {
  const messages = [];
  const pageErrors = [];
  page.on('console', (m) => messages.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (err) => pageErrors.push(err.message));
  return {
    messages,
    errors: () => [...messages.filter((m) => m.type === 'error').map((m) => m.text), ...pageErrors],
  };
}

/// A full-page PNG named <name>.png in dir.
export async function screenshot(page, dir, name) {
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

function isLoopback(url) {
  if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    return true; // file:, data:, blob:, about: never reach the network
  }
  return url.hostname === '127.0.0.1' || url.hostname === '[::1]' || url.hostname === 'localhost';
}
