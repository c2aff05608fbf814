#!/usr/bin/env node
// The seed guide's journey, driven by the real OAuth client library oauth4webapi (strict checks, no
// workarounds) against oauth-mock-server over HTTPS with its generated CA.
//
//   node oauth4webapi-journey.mjs --server PATH/oauth-mock-server [--config PATH/connectbase.json]
//
// The parent process starts the server, reads its URL and CA file, then re-runs this script as a child
// with NODE_EXTRA_CA_CERTS set (Node reads it only at start-up), so fetch verifies the server
// certificate against that CA. The parent owns the server and always stops it: on success, failure,
// signals and the overall timeout. Exit codes: 0 all steps passed, 1 a step failed, 77 skipped.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(import.meta.url);
const HERE = dirname(SCRIPT);
const OVERALL_TIMEOUT_MS = 60_000;
const SKIP = 77;

if (!existsSync(join(HERE, 'node_modules', 'oauth4webapi'))) {
  console.log('oauth4webapi not installed: run npm ci in tools/interop (tools/test.sh does)');
  process.exit(SKIP);
}

if (process.argv.includes('--journey')) {
  await runJourney(process.env.OAUTH_INTEROP_BASE_URL, process.env.OAUTH_INTEROP_ISSUER);
} else {
  await runParent(parseArgs(process.argv.slice(2)));
}

// ---------------------------------------------------------------------------------------------------
// Parent: server lifecycle.

function parseArgs(argv) {
  const args = { server: undefined, config: resolve(HERE, '../../mock_server/examples/connectbase.json') };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = argv[i + 1];
    if ((name === '--server' || name === '--config') && value !== undefined) {
      args[name.slice(2)] = resolve(value);
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

async function runParent({ server, config }) {
  const tlsDir = mkdtempSync(join(tmpdir(), 'oauth4webapi-journey-'));
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
    serverChild = spawn(server, ['--config', config, '--port', '0', '--tls-self-signed', tlsDir, '--quiet'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started = await readServerBanner(serverChild);
  } catch (err) {
    if (!finished) console.log(`FAIL server-start: ${err.message}`);
    return finish(1);
  }
  console.log(`ok server-start ${started.baseUrl} (CA ${started.caFile})`);

  journeyChild = spawn(process.execPath, [SCRIPT, '--journey'], {
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
// Child: the journey, with oauth4webapi's own functions and checks.

async function runJourney(baseUrl, issuerText) {
  const oauth = await import('oauth4webapi');
  const REDIRECT_URI = 'http://127.0.0.1:3000/callback';
  const SCOPE = 'read:buildings write:addresses';
  const web = { client_id: 'connectbase-web', token_endpoint_auth_method: 'none' };
  const backend = { client_id: 'connectbase-backend', token_endpoint_auth_method: 'client_secret_basic' };
  const backendAuth = oauth.ClientSecretBasic('backend-secret-change-me');
  const buildingsUrl = new URL('/v2/buildings', baseUrl);

  const step = async (name, fn) => {
    try {
      const detail = await fn();
      console.log(`ok ${name}${detail ? ` ${detail}` : ''}`);
    } catch (err) {
      console.log(`FAIL ${name}: ${describe(err)}`);
      process.exit(1);
    }
  };

  const issuer = new URL(issuerText);
  let as;
  await step('discovery', async () => {
    const response = await oauth.discoveryRequest(issuer, { algorithm: 'oauth2' });
    as = await oauth.processDiscoveryResponse(issuer, response);
    expect(as.code_challenge_methods_supported?.includes('S256'), 'metadata does not list S256 PKCE');
    expect(as.revocation_endpoint, 'metadata has no revocation_endpoint');
    return `issuer ${as.issuer}`;
  });

  let codeVerifier, codeChallenge;
  await step('pkce', async () => {
    codeVerifier = oauth.generateRandomCodeVerifier();
    codeChallenge = await oauth.calculatePKCECodeChallenge(codeVerifier);
    return 'S256';
  });

  const state = oauth.generateRandomState();
  let authorizationUrl;
  await step('authorization-url', () => {
    authorizationUrl = new URL(as.authorization_endpoint);
    const p = authorizationUrl.searchParams;
    p.set('response_type', 'code');
    p.set('client_id', web.client_id);
    p.set('redirect_uri', REDIRECT_URI);
    p.set('scope', SCOPE);
    p.set('state', state);
    p.set('code_challenge', codeChallenge);
    p.set('code_challenge_method', 'S256');
  });

  let loginForm;
  await step('login-page', async () => {
    const response = await fetch(authorizationUrl, { redirect: 'manual' });
    const html = await response.text();
    expect(response.status === 200, `GET /authorize answered ${response.status}: ${html.slice(0, 300)}`);
    expect(/^text\/html/i.test(response.headers.get('content-type') ?? ''), 'login page is not text/html');
    loginForm = parseLoginForm(html, authorizationUrl);
    return `transaction found, form posts to ${loginForm.action.pathname}`;
  });

  let callbackUrl;
  await step('login', async () => {
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
    callbackUrl = new URL(location);
    expect(callbackUrl.href.startsWith(REDIRECT_URI), `redirected to ${location}, not to ${REDIRECT_URI}`);
    return `303 to ${callbackUrl.origin}${callbackUrl.pathname}`;
  });

  let callbackParams;
  await step('authorization-response', () => {
    callbackParams = oauth.validateAuthResponse(as, web, callbackUrl, state);
    return `state and iss checked (iss=${callbackUrl.searchParams.get('iss')})`;
  });

  let tokens;
  await step('code-exchange', async () => {
    const response = await oauth.authorizationCodeGrantRequest(
      as, web, oauth.None(), callbackParams, REDIRECT_URI, codeVerifier);
    tokens = await oauth.processAuthorizationCodeResponse(as, web, response);
    expect(tokens.token_type === 'bearer', `token_type ${tokens.token_type}`);
    expect(tokens.refresh_token, 'no refresh_token');
    return `scope "${tokens.scope}", expires_in ${tokens.expires_in}`;
  });

  await step('api', async () => {
    const response = await oauth.protectedResourceRequest(tokens.access_token, 'GET', buildingsUrl);
    return expectBuildings(response);
  });

  let refreshed;
  await step('refresh', async () => {
    const response = await oauth.refreshTokenGrantRequest(as, web, oauth.None(), tokens.refresh_token);
    refreshed = await oauth.processRefreshTokenResponse(as, web, response);
    expect(refreshed.refresh_token, 'refresh response has no refresh_token');
    expect(refreshed.refresh_token !== tokens.refresh_token, 'refresh token was not rotated');
    expect(refreshed.access_token !== tokens.access_token, 'access token was not renewed');
    return 'new refresh token (rotated)';
  });

  await step('revoke', async () => {
    const response = await oauth.revocationRequest(as, web, oauth.None(), refreshed.refresh_token, {
      additionalParameters: { token_type_hint: 'refresh_token' },
    });
    await oauth.processRevocationResponse(response);
    return 'refresh token revoked';
  });

  await step('api-after-revoke', async () => {
    let response;
    try {
      response = await oauth.protectedResourceRequest(refreshed.access_token, 'GET', buildingsUrl);
    } catch (err) {
      if (!(err instanceof oauth.WWWAuthenticateChallengeError)) throw err;
      expect(err.response.status === 401, `status ${err.response.status}, expected 401`);
      const bearer = err.cause.find((c) => c.scheme === 'bearer');
      expect(bearer, `no Bearer challenge in ${err.response.headers.get('www-authenticate')}`);
      expect(bearer.parameters.error === 'invalid_token', `error="${bearer.parameters.error}", expected invalid_token`);
      return '401 WWW-Authenticate: Bearer error="invalid_token"';
    }
    throw new Error(`expected 401 with a Bearer challenge, got ${response.status} ` +
      `(WWW-Authenticate: ${response.headers.get('www-authenticate')})`);
  });

  await step('refresh-revoked', async () => {
    const response = await oauth.refreshTokenGrantRequest(as, web, oauth.None(), refreshed.refresh_token);
    try {
      await oauth.processRefreshTokenResponse(as, web, response);
    } catch (err) {
      if (!(err instanceof oauth.ResponseBodyError)) throw err;
      expect(err.error === 'invalid_grant', `error ${err.error}, expected invalid_grant`);
      return `${err.status} invalid_grant`;
    }
    throw new Error('a revoked refresh token was accepted');
  });

  await step('client-credentials', async () => {
    const response = await oauth.clientCredentialsGrantRequest(as, backend, backendAuth, { scope: 'read:buildings' });
    const result = await oauth.processClientCredentialsResponse(as, backend, response);
    expect(result.token_type === 'bearer', `token_type ${result.token_type}`);
    expect(result.refresh_token === undefined, 'client_credentials issued a refresh token (RFC 6749 §4.4.3)');
    const api = await oauth.protectedResourceRequest(result.access_token, 'GET', buildingsUrl);
    return `ClientSecretBasic, then ${await expectBuildings(api)}`;
  });

  console.log('ok journey complete');
  process.exit(0);

  /// Checks a 200 JSON answer with three buildings; returns a short description.
  async function expectBuildings(response) {
    const text = await response.text();
    expect(response.status === 200, `GET /v2/buildings answered ${response.status}: ${text}`);
    const body = JSON.parse(text);
    expect(Array.isArray(body.buildings), `no buildings array: ${text}`);
    expect(body.buildings.length === 3, `${body.buildings.length} buildings, expected 3`);
    return '200, 3 buildings';
  }
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

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/// The library's error, with its code and the server's error fields when there are any.
function describe(err) {
  const parts = [`${err?.name ?? 'Error'}: ${err?.message ?? err}`];
  if (err?.code) parts.push(`code=${err.code}`);
  if (err?.error) parts.push(`error=${err.error}`);
  if (err?.status) parts.push(`status=${err.status}`);
  if (err?.error_description) parts.push(`error_description=${JSON.stringify(err.error_description)}`);
  if (err?.cause !== undefined && !(err.cause instanceof Response)) {
    const cause = err.cause instanceof Error ? `${err.cause.name}: ${err.cause.message}` : safeJson(err.cause);
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
