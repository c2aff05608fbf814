// Shared by the interop journeys (oauth4webapi-journey.mjs, openid-client-journey.mjs): the lifecycle of
// the oauth-mock-server child, the re-spawn that makes Node trust its CA, and the small helpers every
// journey uses (steps, playing the browser on the login page, error descriptions).
//
//   await runInteropJourney({ scriptUrl: import.meta.url, library: 'oauth4webapi', journey });
//
// The parent process starts the server (`--port 0 --tls-self-signed <fresh temp dir> --quiet`), reads its
// URL, issuer and CA file, then re-runs the calling script as a child with NODE_EXTRA_CA_CERTS set (Node
// reads it only at start-up), so fetch verifies the server certificate against that CA; nothing is
// disabled. The child calls `journey({ baseUrl, issuer })`. The parent owns the server and always stops
// it: on success, failure, signals and the overall timeout (60 s).
// Exit codes: 0 all steps passed, 1 a step failed, 77 skipped (the library is not in node_modules).
//
// Arguments: --server PATH/oauth-mock-server [--config PATH/connectbase.json]; the hidden
// `--extra-server-arg ARG` (repeatable) appends ARG to the server's command line, e.g.
// `--extra-server-arg --quirk --extra-server-arg no-iss`, to check that a journey fails when it should.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const OVERALL_TIMEOUT_MS = 60_000;
export const SKIP = 77;

export async function runInteropJourney({ scriptUrl, library, journey }) {
  if (!existsSync(join(HERE, 'node_modules', library))) {
    console.log(`${library} not installed: run npm ci in tools/interop (tools/test.sh does)`);
    process.exit(SKIP);
  }
  const script = fileURLToPath(scriptUrl);
  if (process.argv.includes('--journey')) {
    await journey({ baseUrl: process.env.OAUTH_INTEROP_BASE_URL, issuer: process.env.OAUTH_INTEROP_ISSUER });
  } else {
    await runParent(script, library, parseArgs(process.argv.slice(2)));
  }
}

// ---------------------------------------------------------------------------------------------------
// Parent: server lifecycle.

function parseArgs(argv) {
  const args = {
    server: undefined,
    config: resolve(HERE, '../../mock_server/examples/connectbase.json'),
    extraServerArgs: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = argv[i + 1];
    if ((name === '--server' || name === '--config') && value !== undefined) {
      args[name.slice(2)] = resolve(value);
      i++;
    } else if (name === '--extra-server-arg' && value !== undefined) {
      args.extraServerArgs.push(value);
      i++;
    } else {
      fail('arguments', `unexpected argument '${name}' (usage: --server PATH [--config PATH])`);
    }
  }
  if (!args.server) fail('arguments', '--server PATH/oauth-mock-server is required');
  if (!existsSync(args.server)) fail('arguments', `server executable not found: ${args.server}`);
  if (!existsSync(args.config)) fail('arguments', `configuration not found: ${args.config}`);
  return args;
}

async function runParent(script, library, { server, config, extraServerArgs }) {
  const tlsDir = mkdtempSync(join(tmpdir(), `${library}-journey-`));
  let serverChild;
  let journeyChild;
  let finished = false;

  const cleanup = () => {
    for (const child of [journeyChild, serverChild]) {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(tlsDir, { recursive: true, force: true });
  };
  const finish = async (code) => {
    if (finished) return;
    finished = true;
    if (journeyChild && journeyChild.exitCode === null) journeyChild.kill('SIGKILL');
    await stopServer(serverChild);
    cleanup();
    process.exit(code);
  };
  process.on('exit', cleanup); // last resort: never leave the server running
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      console.log(`FAIL run: interrupted by ${signal}`);
      void finish(1);
    });
  }
  const timer = setTimeout(() => {
    console.log(`FAIL timeout: the journey did not finish within ${OVERALL_TIMEOUT_MS / 1000} s`);
    void finish(1);
  }, OVERALL_TIMEOUT_MS);
  timer.unref();

  let started;
  try {
    const serverArgs = ['--config', config, '--port', '0', '--tls-self-signed', tlsDir, '--quiet', ...extraServerArgs];
    serverChild = spawn(server, serverArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    started = await readServerBanner(serverChild);
  } catch (err) {
    if (!finished) console.log(`FAIL server-start: ${err.message}`);
    return finish(1);
  }
  const extra = extraServerArgs.length ? ` (extra server arguments: ${extraServerArgs.join(' ')})` : '';
  console.log(`ok server-start ${started.baseUrl} (CA ${started.caFile})${extra}`);

  journeyChild = spawn(process.execPath, [script, '--journey'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      NODE_EXTRA_CA_CERTS: started.caFile,
      OAUTH_INTEROP_BASE_URL: started.baseUrl,
      OAUTH_INTEROP_ISSUER: started.issuer,
    },
  });
  const code = await new Promise((done) => {
    journeyChild.on('exit', (status) => done(status ?? 1));
    journeyChild.on('error', (err) => {
      console.log(`FAIL journey-start: ${err.message}`);
      done(1);
    });
  });
  return finish(code === 0 ? 0 : 1);
}

/// Resolves with {baseUrl, issuer, caFile} once the server printed them; rejects if it exits first.
function readServerBanner(child) {
  return new Promise((done, reject) => {
    let stderr = '';
    const seen = {};
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', (err) => reject(new Error(`cannot run the server: ${err.message}`)));
    child.on('exit', (status, signal) =>
      reject(new Error(`server exited (${signal ?? status}) before it was ready: ${stderr.trim()}`)),
    );
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      let m;
      if ((m = line.match(/listening on (https?:\/\/\S+)/))) seen.baseUrl = m[1];
      else if ((m = line.match(/^issuer: (\S+)/))) seen.issuer = m[1];
      else if ((m = line.match(/CA certificate \(trust this in clients\): (.+)$/))) seen.caFile = m[1].trim();
      else if (line.startsWith('control API:')) {
        if (!seen.baseUrl?.startsWith('https://')) reject(new Error(`server is not serving HTTPS: ${seen.baseUrl}`));
        else if (!seen.caFile) reject(new Error('server printed no "CA certificate (trust this in clients)" line'));
        else done({ ...seen, issuer: seen.issuer ?? seen.baseUrl });
      }
    });
  });
}

/// SIGTERM (the server's clean shutdown), then SIGKILL if it is still running after 3 s.
async function stopServer(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timeout = new Promise((done) => setTimeout(() => done('timeout'), 3000));
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

function fail(step, reason) {
  console.log(`FAIL ${step}: ${reason}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------------
// Child: helpers of the journeys.

/// Runs one step: prints "ok <name> [detail]", or "FAIL <name>: <reason>" and exits 1.
export async function step(name, fn) {
  try {
    const detail = await fn();
    console.log(`ok ${name}${detail ? ` ${detail}` : ''}`);
  } catch (err) {
    console.log(`FAIL ${name}: ${describe(err)}`);
    process.exit(1);
  }
}

/// The browser's GET of the authorization URL (redirects not followed): the login form.
export async function fetchLoginPage(authorizationUrl) {
  const response = await fetch(authorizationUrl, { redirect: 'manual' });
  const html = await response.text();
  expect(response.status === 200, `GET /authorize answered ${response.status}: ${html.slice(0, 300)}`);
  expect(/^text\/html/i.test(response.headers.get('content-type') ?? ''), 'login page is not text/html');
  return parseLoginForm(html, authorizationUrl);
}

/// The browser's POST of the login form as alice, approving; returns the 303's Location as a URL.
export async function submitLogin(loginForm, redirectUri) {
  const body = new URLSearchParams({
    transaction: loginForm.transaction,
    username: 'alice',
    password: 'alice-password',
    decision: 'approve',
  });
  const response = await fetch(loginForm.action, { method: 'POST', body, redirect: 'manual' });
  const location = response.headers.get('location');
  expect(response.status === 303, `POST /login answered ${response.status}, expected 303: ${await response.text()}`);
  expect(location, '303 without Location');
  const callbackUrl = new URL(location);
  expect(callbackUrl.href.startsWith(redirectUri), `redirected to ${location}, not to ${redirectUri}`);
  return callbackUrl;
}

/// Checks a 200 JSON answer with three buildings; returns a short description.
export async function expectBuildings(response) {
  const text = await response.text();
  expect(response.status === 200, `GET /v2/buildings answered ${response.status}: ${text}`);
  const body = JSON.parse(text);
  expect(Array.isArray(body.buildings), `no buildings array: ${text}`);
  expect(body.buildings.length === 3, `${body.buildings.length} buildings, expected 3`);
  return '200, 3 buildings';
}

/// The hidden transaction field and the absolute form action of the login page.
function parseLoginForm(html, pageUrl) {
  const form = html.match(/<form\b[^>]*>/i)?.[0];
  expect(form, 'no <form> on the login page');
  const action = attribute(form, 'action') ?? '';
  const input = [...html.matchAll(/<input\b[^>]*>/gi)].map((m) => m[0])
    .find((tag) => attribute(tag, 'name') === 'transaction');
  expect(input, 'no input named "transaction" on the login page');
  expect(attribute(input, 'type')?.toLowerCase() === 'hidden', 'the transaction input is not hidden');
  const transaction = attribute(input, 'value');
  expect(transaction, 'the transaction input has no value');
  return { transaction, action: new URL(action, pageUrl) };
}

function attribute(tag, name) {
  const m = tag.match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i'));
  return m ? htmlUnescape(m[1] ?? m[2]) : undefined;
}

function htmlUnescape(text) {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref) => {
    if (ref[0] === '#') return String.fromCodePoint(parseInt(ref.slice(ref[1] === 'x' || ref[1] === 'X' ? 2 : 1),
      ref[1] === 'x' || ref[1] === 'X' ? 16 : 10));
    return named[ref.toLowerCase()] ?? whole;
  });
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/// The library's error, with its code and the server's error fields when there are any.
export function describe(err) {
  const parts = [`${err?.name ?? 'Error'}: ${err?.message ?? err}`];
  if (err?.code) parts.push(`code=${err.code}`);
  if (err?.error) parts.push(`error=${err.error}`);
  if (err?.status) parts.push(`status=${err.status}`);
  if (err?.error_description) parts.push(`error_description=${JSON.stringify(err.error_description)}`);
  if (err?.cause !== undefined && !(err.cause instanceof Response)) {
    const cause = err.cause instanceof Error ? describe(err.cause) : safeJson(err.cause);
    parts.push(`cause=${cause}`);
  }
  return parts.join(' ');
}

function safeJson(value) {
  try {
    return JSON.stringify(value, (key, v) =>
      v instanceof Response ? `[Response ${v.status}]` : v instanceof URLSearchParams ? v.toString() : v);
  } catch {
    return String(value);
  }
}
