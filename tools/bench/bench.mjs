// tools/bench/bench.mjs: the benchmarks of issue 5, driven by tools/bench/run.sh (which builds in
// Release, installs wrk and the peers, then runs this with the system Node).
//
// Every server runs on 127.0.0.1 over plain HTTP, one at a time, a fresh process for each
// workload; wrk drives it with the same load for the same duration (2 wrk threads for a fixed
// request, one thread per connection for a chained workload: see bench.lua); a warm-up run (a fifth of the duration, not counted) precedes each measured run.
// Writes OUT/bench.json and OUT/bench.md. Exit code: 0, or 1 if any measured request failed
// (non-2xx, a missing token, a socket error) or a step could not run, 2 for a usage error.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

const USAGE = `usage: tools/bench/run.sh [--seconds N] [--connections N] [--wrk-threads N] [--out DIR] [--tokens N]
                         [--startup-runs N] [--suite-runs N] [--smoke] [--only LIST] [--build-dir DIR] [--no-build]
  --seconds N        measured duration of each wrk workload (default 10; a warm-up of N/5 s precedes it)
  --connections N    concurrent connections (default 8)
  --wrk-threads N    wrk threads of the fixed-request workloads (cc, api, api-jwt, introspect; default 2,
                     one per core); the chained ones (refresh, flow) need one thread per connection
  --out DIR          report folder (default bench-report): bench.md, bench.json, logs
  --tokens N         tokens issued in the memory workload (default 1000000)
  --startup-runs N   repetitions of the startup measurement (default 10; the median is reported)
  --suite-runs N     repetitions of the conformance suite run (default 3)
  --only LIST        comma-separated workload ids: cc,refresh,flow,api,api-jwt,introspect,startup,memory,suite
  --smoke            1 s per workload, no warm-up, 1 startup run, 5000 tokens, 1 suite run
  --build-dir DIR    where oauth-mock-server, oauth-conformance and bench-ceiling are (default build-release)
  --no-build         do not build (run.sh only)`;

// ---------- options ----------
const opts = {
  seconds: 10, connections: 8, wrkThreads: 2, out: 'bench-report', tokens: 1000000, startupRuns: 10, suiteRuns: 3,
  smoke: false, only: null, buildDir: join(root, 'build-release'), peerNode: '',
};
{
  const a = process.argv.slice(2);
  const num = (v, name) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) usage(`${name}: expected a whole number, got '${v}'`);
    return n;
  };
  const explicit = new Set();
  for (let i = 0; i < a.length; i += 1) {
    const arg = a[i];
    const val = () => { if (i + 1 >= a.length) usage(`${arg} needs a value`); i += 1; return a[i]; };
    if (arg === '--seconds') { opts.seconds = num(val(), arg); explicit.add('seconds'); }
    else if (arg === '--connections') opts.connections = Math.max(1, num(val(), arg));
    else if (arg === '--wrk-threads') opts.wrkThreads = Math.max(1, num(val(), arg));
    else if (arg === '--out') opts.out = val();
    else if (arg === '--tokens') { opts.tokens = num(val(), arg); explicit.add('tokens'); }
    else if (arg === '--startup-runs') { opts.startupRuns = Math.max(1, num(val(), arg)); explicit.add('startupRuns'); }
    else if (arg === '--suite-runs') { opts.suiteRuns = num(val(), arg); explicit.add('suiteRuns'); }
    else if (arg === '--only') opts.only = new Set(val().split(',').filter(Boolean));
    else if (arg === '--smoke') opts.smoke = true;
    else if (arg === '--build-dir') opts.buildDir = resolve(val());
    else if (arg === '--peer-node') opts.peerNode = val();
    else if (arg === '--help' || arg === '-h') { process.stdout.write(`${USAGE}\n`); process.exit(0); }
    else usage(`unknown argument ${arg}`);
  }
  if (opts.smoke) {
    if (!explicit.has('seconds')) opts.seconds = 1;
    if (!explicit.has('tokens')) opts.tokens = 5000;
    if (!explicit.has('startupRuns')) opts.startupRuns = 1;
    if (!explicit.has('suiteRuns')) opts.suiteRuns = 1;
  }
  opts.seconds = Math.max(1, opts.seconds);
}
function usage(message) {
  process.stderr.write(`bench: ${message}\n${USAGE}\n`);
  process.exit(2);
}
const wants = (id) => !opts.only || opts.only.has(id);
const outDir = resolve(opts.out);
mkdirSync(outDir, { recursive: true });
const workDir = mkdtempSync(join(tmpdir(), 'oauth-bench-'));
const bin = {
  mock: join(opts.buildDir, 'mock_server/oauth-mock-server'),
  conformance: join(opts.buildDir, 'conformance/app/oauth-conformance'),
  ceiling: join(opts.buildDir, 'tools/bench/ceiling/bench-ceiling'),
};
const peerNode = opts.peerNode || join(root, 'tools/peers/node_modules/.bin/node');
for (const [name, path] of Object.entries(bin)) if (!existsSync(path)) fatal(`${name}: ${path} not found (build first: tools/bench/run.sh builds it)`);
if (!existsSync(peerNode)) fatal(`${peerNode} not found (tools/peers/install.sh)`);
if (spawnSync('wrk', ['-v']).error) fatal('wrk not found (tools/bootstrap.sh --bench installs it)');
function fatal(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}
const log = (line) => process.stdout.write(`${line}\n`);
let failures = 0;
const problem = (line) => { failures += 1; log(`  PROBLEM: ${line}`); };

// ---------- servers ----------
const BENCH_CONFIG = JSON.parse(readFileSync(join(here, 'mock-bench.json'), 'utf8'));
function configVariant(name, change) {
  const cfg = structuredClone(BENCH_CONFIG);
  change(cfg);
  const file = join(workDir, `mock-${name}.json`);
  writeFileSync(file, JSON.stringify(cfg, null, 2));
  return file;
}
const CONFIGS = {
  opaque: join(here, 'mock-bench.json'),
  jwt: configVariant('jwt', (c) => { c.tokens.format = 'jwt'; }),
  shortLived: configVariant('short-lived', (c) => { c.lifetimes.access_token = 2; }),
};

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// fetch, tried twice: Node's pool may hand out a keep-alive connection the server has closed in the
// meantime (its keep-alive timeout runs while wrk holds the CPU), which fails at once.
const nodeFetch = globalThis.fetch;
async function fetch(url, init) {
  try {
    return await nodeFetch(url, init);
  } catch {
    await sleep(50);
    return nodeFetch(url, init);
  }
}

// Each server: how to start it on a given port, its metadata path and its clients.
const SERVERS = {
  ours: {
    label: 'oauth-mock-server', short: 'ours',
    command: (port, variant = 'opaque') => [bin.mock, ['--config', CONFIGS[variant], '--port', String(port), '--http', '--quiet']],
    metadata: '/.well-known/oauth-authorization-server',
    client: { id: 'bench-confidential', secret: 'bench-secret-0123456789', redirect: 'http://127.0.0.1:3000/callback' },
    scope: 'read:buildings',
  },
  oidc: {
    label: 'oidc-provider', short: 'oidc-provider',
    command: (port) => [peerNode, [join(root, 'tools/peers/oidc-provider.mjs'), '--http', '--port', String(port)]],
    metadata: '/.well-known/openid-configuration',
    client: { id: 'peer-confidential', secret: 'peer-confidential-secret-0123456789', redirect: 'https://client.example.test/confidential/cb' },
    scope: 'read:buildings',
  },
  o2ms: {
    label: 'oauth2-mock-server', short: 'oauth2-mock-server',
    command: (port) => [peerNode, [join(root, 'tools/peers/oauth2-mock-server.mjs'), '--http', '--port', String(port)]],
    metadata: '/.well-known/oauth-authorization-server',
    client: { id: 'bench-client', secret: 'bench-secret-0123456789', redirect: 'http://127.0.0.1:3000/callback' },
    scope: 'read:buildings',
  },
  ceiling: {
    label: 'Poco ceiling (bench-ceiling)', short: 'ceiling',
    command: (port) => [bin.ceiling, ['--port', String(port)]],
    metadata: '/',
  },
};

/// Starts a server, waits for its first successful metadata response. Returns
/// { proc, base, ms (spawn to first 200), stop() }.
async function startServer(key, variant, { logName } = {}) {
  const srv = SERVERS[key];
  const port = await freePort();
  const [cmd, args] = srv.command(port, variant);
  const base = `http://127.0.0.1:${port}`;
  const started = process.hrtime.bigint();
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (d) => { output += d; });
  proc.stderr.on('data', (d) => { output += d; });
  let exited = false;
  proc.on('exit', () => { exited = true; });
  const deadline = Date.now() + 20000;
  let ms = -1;
  while (Date.now() < deadline && !exited) {
    try {
      const r = await nodeFetch(base + srv.metadata, { signal: AbortSignal.timeout(2000) });
      await r.arrayBuffer();
      if (r.status === 200) { ms = Number(process.hrtime.bigint() - started) / 1e6; break; }
    } catch { /* not listening yet */ }
    await sleep(2);
  }
  const stop = async () => {
    if (!exited) {
      proc.kill('SIGTERM');
      for (let i = 0; i < 100 && !exited; i += 1) await sleep(50);
      if (!exited) proc.kill('SIGKILL');
    }
    if (logName) writeFileSync(join(outDir, `${logName}.log`), output);
  };
  if (ms < 0) {
    await stop();
    throw new Error(`${srv.label} did not answer ${srv.metadata} within 20 s: ${output.slice(-2000)}`);
  }
  return { proc, base, ms, stop, key };
}

// ---------- HTTP helpers (setup phases, not measured) ----------
const basic = (c) => `Basic ${Buffer.from(`${encodeURIComponent(c.id)}:${encodeURIComponent(c.secret)}`).toString('base64')}`;
const form = (o) => new URLSearchParams(o).toString();
async function metadata(server) {
  const r = await fetch(server.base + SERVERS[server.key].metadata);
  return r.json();
}
const pathOf = (url) => { const u = new URL(url); return u.pathname + u.search; };

async function tokenRequest(server, md, params) {
  const c = SERVERS[server.key].client;
  const r = await fetch(md.token_endpoint.replace(/^https?:\/\/[^/]+/, server.base), {
    method: 'POST', headers: { authorization: basic(c), 'content-type': 'application/x-www-form-urlencoded' }, body: form(params),
  });
  const text = await r.text();
  if (r.status !== 200) throw new Error(`${SERVERS[server.key].label} token ${params.grant_type}: ${r.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(server, md, pkce, state) {
  const srv = SERVERS[server.key];
  const q = form({ response_type: 'code', client_id: srv.client.id, redirect_uri: srv.client.redirect, scope: srv.scope,
    code_challenge: pkce.challenge, code_challenge_method: 'S256', ...(state ? { state } : {}) });
  return `${pathOf(md.authorization_endpoint)}?${q}`;
}

/// An authorization code through the front channel: auto-approve (ours), an immediate redirect
/// (oauth2-mock-server), or oidc-provider's login and consent pages (alice / alice-password).
async function obtainCode(server, md, pkce) {
  const srv = SERVERS[server.key];
  let url = new URL(authorizeUrl(server, md, pkce, 'seed'), server.base).href;
  let method = 'GET';
  let body;
  const jar = new Map();
  for (let step = 0; step < 14; step += 1) {
    const headers = { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const r = await fetch(url, { method, body, headers, redirect: 'manual' });
    for (const sc of r.headers.getSetCookie?.() || []) {
      const [pair] = sc.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
    }
    const text = await r.text();
    if (r.status >= 300 && r.status < 400) {
      const location = new URL(r.headers.get('location'), url);
      if (location.href.startsWith(srv.client.redirect)) {
        const code = location.searchParams.get('code');
        if (!code) throw new Error(`${srv.label}: redirect without code: ${location.href}`);
        return code;
      }
      url = location.href; method = 'GET'; body = undefined;
    } else if (r.status === 200 && /<form/i.test(text)) {
      // oidc-provider's dev interaction pages: the login form, then the consent form.
      const action = /<form[^>]*action="([^"]*)"/i.exec(text);
      const fields = {};
      for (const m of text.matchAll(/<input[^>]*>/gi)) {
        const name = /name="([^"]*)"/i.exec(m[0]);
        const value = /value="([^"]*)"/i.exec(m[0]);
        if (name && /type="hidden"/i.test(m[0])) fields[name[1]] = value ? value[1] : '';
      }
      if (/name="login"/i.test(text)) Object.assign(fields, { login: 'alice', password: 'alice-password' });
      url = new URL(action ? action[1].replace(/&amp;/g, '&') : url, url).href;
      method = 'POST'; body = form(fields);
    } else {
      throw new Error(`${srv.label}: authorization step ${step}: ${r.status} ${text.slice(0, 300)}`);
    }
  }
  throw new Error(`${srv.label}: no code after 14 steps`);
}

async function codeFlowTokens(server, md) {
  const srv = SERVERS[server.key];
  const pkce = pkcePair();
  const code = await obtainCode(server, md, pkce);
  return tokenRequest(server, md, { grant_type: 'authorization_code', code, redirect_uri: srv.client.redirect, code_verifier: pkce.verifier });
}

// ---------- wrk ----------
function runWrk(server, seconds, env, { warm = false, maxSeconds } = {}) {
  const resultFile = join(workDir, `wrk-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  const c = opts.connections;
  // A chained workload keeps its chain in the Lua state of a thread: one thread per connection.
  // A fixed request needs no state; fewer threads leave more of the two cores to the server.
  const fixed = env.BENCH_MODE === 'get' || env.BENCH_MODE === 'post';
  const threads = fixed ? Math.min(opts.wrkThreads, c) : c;
  const duration = maxSeconds || seconds;
  const args = [`-t${threads}`, `-c${c}`, `-d${duration}s`, '--timeout', '5s', '-s', join(here, 'bench.lua'), server.base];
  const r = spawnSync('wrk', args, {
    env: { ...process.env, BENCH_RESULT: resultFile, ...env }, encoding: 'utf8', timeout: (duration + 60) * 1000,
  });
  if (r.status !== 0 || !existsSync(resultFile)) {
    throw new Error(`wrk failed (${r.status ?? r.signal}): ${r.stderr || r.stdout}`);
  }
  const res = JSON.parse(readFileSync(resultFile, 'utf8'));
  rmSync(resultFile, { force: true });
  if (warm) return res;
  return res;
}

function summarise(label, res, unit, perOk = 1) {
  const secs = res.duration_us / 1e6;
  const socket = res.socket_errors.connect + res.socket_errors.read + res.socket_errors.write + res.socket_errors.timeout;
  const errors = res.unexpected + socket;
  return {
    server: label,
    rate: Math.round(((unit === 'flows/s' ? res.ok : res.requests) / secs) * 10) / 10,
    unit,
    requests: res.requests,
    ok: res.ok * perOk,
    seconds: Math.round(secs * 100) / 100,
    p50_ms: res.latency_us.p50 / 1000,
    p99_ms: res.latency_us.p99 / 1000,
    max_ms: res.latency_us.max / 1000,
    errors,
    error_detail: { unexpected_status: res.unexpected, statuses: res.unexpected_statuses.trim(), ...res.socket_errors },
  };
}

// ---------- workloads ----------
const WORKLOADS = [
  { id: 'cc', title: 'Token endpoint: client_credentials, confidential client, HTTP Basic', unit: 'req/s',
    servers: ['ours', 'oidc', 'o2ms'] },
  { id: 'refresh', title: 'Token endpoint: refresh_token grant with rotation (one chain per connection)', unit: 'req/s',
    servers: ['ours', 'oidc', 'o2ms'] },
  { id: 'flow', title: 'Authorization-code flow with PKCE: authorize (auto-approve) + code exchange', unit: 'flows/s',
    servers: ['ours', 'o2ms'] },
  { id: 'api', title: 'Protected API GET /v2/buildings, opaque bearer token', unit: 'req/s',
    servers: ['ours', 'oidc', 'ceiling'] },
  { id: 'api-jwt', title: 'Protected API GET /v2/buildings, JWT bearer token', unit: 'req/s',
    servers: ['ours', 'o2ms', 'ceiling'] },
  { id: 'introspect', title: 'Introspection (RFC 7662) of a valid access token, HTTP Basic', unit: 'req/s',
    servers: ['ours', 'oidc', 'o2ms'] },
];
const NOTES = {
  flow: 'oidc-provider: not measured — its configuration (tools/peers/oidc-provider.mjs, the one the conformance suite uses) has no auto-approve: every flow goes through the dev login and consent pages (about six requests with cookies), which is not the same workload. oauth2-mock-server redirects at once without a login, and accepts any code, so its flow is two requests like ours.',
  refresh: 'oauth2-mock-server keeps no refresh-token store: it answers any refresh_token with a new random one (the chain is followed anyway, so the load is the same).',
  'api-jwt': 'oidc-provider: not measured — its demo resource uses opaque tokens only (tokens bound by resource indicators, accessTokenFormat opaque). oauth2-mock-server only issues JWTs.',
  api: 'oauth2-mock-server: see the JWT table (it issues JWTs only). The ceiling answers a fixed JSON body without looking at the request.',
  introspect: 'oauth2-mock-server answers {"active": true} to anything without looking at the token or the client.',
  cc: 'oauth2-mock-server accepts any client and secret.',
};

async function prepare(workload, server, md) {
  const srv = SERVERS[server.key];
  const auth = srv.client ? `Authorization: ${basic(srv.client)}` : '';
  const tokenPath = md.token_endpoint ? pathOf(md.token_endpoint) : '/';
  switch (workload.id) {
    case 'cc':
      return { BENCH_MODE: 'post', BENCH_PATH: tokenPath, BENCH_HEADERS: auth, BENCH_BODY: form({ grant_type: 'client_credentials', scope: srv.scope }) };
    case 'refresh': {
      const seeds = [];
      for (let i = 0; i < opts.connections; i += 1) {
        const t = await codeFlowTokens(server, md);
        if (!t.refresh_token) throw new Error(`${srv.label}: no refresh_token in the code exchange`);
        seeds.push(t.refresh_token);
      }
      const file = join(workDir, `seeds-${server.key}-${Date.now()}.txt`);
      writeFileSync(file, `${seeds.join('\n')}\n`);
      return { BENCH_MODE: 'refresh', BENCH_PATH: tokenPath, BENCH_HEADERS: auth, BENCH_SEEDS: file };
    }
    case 'flow': {
      const pkce = pkcePair();
      return { BENCH_MODE: 'flow', BENCH_PATH: tokenPath, BENCH_HEADERS: auth, BENCH_AUTHORIZE: authorizeUrl(server, md, pkce, ''),
        BENCH_BODY: form({ grant_type: 'authorization_code', redirect_uri: srv.client.redirect, code_verifier: pkce.verifier }) };
    }
    case 'api':
    case 'api-jwt': {
      if (server.key === 'ceiling') return { BENCH_MODE: 'get', BENCH_PATH: '/v2/buildings', BENCH_HEADERS: 'Authorization: Bearer ceiling-does-not-look-at-it' };
      const t = await tokenRequest(server, md, { grant_type: 'client_credentials', scope: srv.scope });
      // Checked once before the load: the token works at the API.
      const r = await fetch(`${server.base}/v2/buildings`, { headers: { authorization: `Bearer ${t.access_token}` } });
      if (r.status !== 200) throw new Error(`${srv.label}: /v2/buildings with a fresh token: ${r.status} ${await r.text()}`);
      const isJwt = t.access_token.split('.').length === 3;
      if (isJwt !== (workload.id === 'api-jwt')) throw new Error(`${srv.label}: expected a ${workload.id === 'api-jwt' ? 'JWT' : 'opaque'} token`);
      return { BENCH_MODE: 'get', BENCH_PATH: '/v2/buildings', BENCH_HEADERS: `Authorization: Bearer ${t.access_token}` };
    }
    case 'introspect': {
      const t = await tokenRequest(server, md, { grant_type: 'client_credentials', scope: srv.scope });
      const ip = pathOf(md.introspection_endpoint);
      const r = await fetch(server.base + ip, { method: 'POST', headers: { authorization: basic(srv.client), 'content-type': 'application/x-www-form-urlencoded' }, body: form({ token: t.access_token }) });
      const j = await r.json();
      if (r.status !== 200 || j.active !== true) throw new Error(`${srv.label}: introspection of a fresh token: ${r.status} ${JSON.stringify(j)}`);
      return { BENCH_MODE: 'post', BENCH_PATH: ip, BENCH_HEADERS: auth, BENCH_BODY: form({ token: t.access_token }) };
    }
    default:
      throw new Error(`unknown workload ${workload.id}`);
  }
}

const report = {
  generated: new Date().toISOString(),
  machine: machineInfo(),
  settings: { seconds: opts.seconds, warmup_seconds: opts.smoke ? 0 : Math.max(1, Math.round(opts.seconds / 5)), connections: opts.connections,
    wrk_threads_fixed: Math.min(opts.wrkThreads, opts.connections), wrk_threads_chained: opts.connections, smoke: opts.smoke, build_dir: opts.buildDir },
  versions: versions(),
  workloads: [],
};

function machineInfo() {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(cpu);
  return { nproc: cpus().length, cpu_model: model ? model[1].trim() : 'unknown', loadavg_start: loadavg().map((x) => Math.round(x * 100) / 100),
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim() };
}
function versions() {
  const pkg = (name) => { try { return JSON.parse(readFileSync(join(root, 'tools/peers/node_modules', name, 'package.json'), 'utf8')).version; } catch { return '?'; } };
  const wrkV = (spawnSync('wrk', ['-v'], { encoding: 'utf8' }).stdout || '').split('\n')[0].trim();
  const nodeV = spawnSync(peerNode, ['--version'], { encoding: 'utf8' }).stdout.trim();
  return { 'oidc-provider': pkg('oidc-provider'), 'oauth2-mock-server': pkg('oauth2-mock-server'), peer_node: nodeV, wrk: wrkV };
}

async function runWorkload(workload) {
  log(`\n== ${workload.id}: ${workload.title}`);
  const result = { id: workload.id, title: workload.title, unit: workload.unit, note: NOTES[workload.id] || '', rows: [] };
  for (const key of workload.servers) {
    const variant = workload.id === 'api-jwt' && key === 'ours' ? 'jwt' : 'opaque';
    let server;
    try {
      server = await startServer(key, variant, { logName: `${workload.id}-${SERVERS[key].short}` });
      const md = key === 'ceiling' ? {} : await metadata(server);
      const warmup = report.settings.warmup_seconds;
      if (warmup > 0) {
        // The warm-up uses its own chains and tokens, so the measured run starts from fresh seeds.
        const env = await prepare(workload, server, md);
        runWrk(server, warmup, env, { warm: true });
      }
      const env = await prepare(workload, server, md);
      const res = runWrk(server, opts.seconds, env);
      const row = summarise(SERVERS[key].label, res, workload.unit);
      row.key = key;
      result.rows.push(row);
      log(`  ${row.server.padEnd(30)} ${String(row.rate).padStart(10)} ${workload.unit}  p50 ${row.p50_ms} ms  p99 ${row.p99_ms} ms  errors ${row.errors}`);
      if (row.errors > 0) problem(`${row.server}: ${row.errors} errors in ${workload.id} (${JSON.stringify(row.error_detail)})`);
      if (row.ok === 0) problem(`${row.server}: no successful response in ${workload.id}`);
    } catch (e) {
      problem(`${SERVERS[key].label}, ${workload.id}: ${e.message}`);
      result.rows.push({ server: SERVERS[key].label, key, failed: e.message });
    } finally {
      if (server) await server.stop();
    }
  }
  const ours = result.rows.find((r) => r.key === 'ours' && r.rate);
  for (const r of result.rows) if (ours && r.rate) r.ours_over_this = Math.round((ours.rate / r.rate) * 100) / 100;
  report.workloads.push(result);
}

async function runStartup() {
  log('\n== startup: process start to the first 200 of the metadata URL');
  const rows = [];
  for (const key of ['ours', 'oidc', 'o2ms', 'ceiling']) {
    const samples = [];
    try {
      for (let i = 0; i < opts.startupRuns; i += 1) {
        const s = await startServer(key, 'opaque');
        samples.push(Math.round(s.ms * 10) / 10);
        await s.stop();
      }
      samples.sort((a, b) => a - b);
      const median = samples.length % 2 ? samples[(samples.length - 1) / 2] : (samples[samples.length / 2 - 1] + samples[samples.length / 2]) / 2;
      rows.push({ server: SERVERS[key].label, key, median_ms: Math.round(median * 10) / 10, min_ms: samples[0], max_ms: samples[samples.length - 1], runs: samples.length, samples });
      log(`  ${SERVERS[key].label.padEnd(30)} median ${median.toFixed(1)} ms (min ${samples[0]}, max ${samples[samples.length - 1]}, ${samples.length} runs)`);
    } catch (e) {
      problem(`startup ${SERVERS[key].label}: ${e.message}`);
      rows.push({ server: SERVERS[key].label, key, failed: e.message });
    }
  }
  const ours = rows.find((r) => r.key === 'ours' && r.median_ms);
  for (const r of rows) if (ours && r.median_ms) r.this_over_ours = Math.round((r.median_ms / ours.median_ms) * 10) / 10;
  report.startup = { title: 'Startup: process start to the first successful metadata response (median)', how: 'spawn, then GET the metadata URL every 2 ms until 200', rows };
}

function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const get = (k) => Number((new RegExp(`${k}:\\s*(\\d+)`).exec(status) || [])[1] || 0);
  return { rss: get('VmRSS'), hwm: get('VmHWM') };
}

async function runMemory() {
  log(`\n== memory: RSS of oauth-mock-server after ${opts.tokens} client_credentials tokens with a 2 s lifetime`);
  let server;
  try {
    server = await startServer('ours', 'shortLived', { logName: 'memory-ours' });
    const md = await metadata(server);
    const before = rssKiB(server.proc.pid);
    const env = await prepare({ id: 'cc' }, server, md);
    const started = Date.now();
    const samples = [];
    // wrk runs for a fixed duration (its main thread sleeps it out), so the tokens are issued in
    // chunks of at most 10 s, each sized from the rate of the one before, until the count is reached
    // (it may overshoot by part of a second). spawnSync blocks this event loop: one RSS sample per chunk.
    let issued = 0;
    let requests = 0;
    let errors = 0;
    let p99 = 0;
    let rate = 0;
    while (issued < opts.tokens) {
      const chunk = issued === 0 ? 1 : Math.max(1, Math.min(10, Math.ceil((opts.tokens - issued) / rate)));
      const res = runWrk(server, chunk, env);
      const s = summarise('oauth-mock-server', res, 'req/s');
      issued += res.ok; requests += res.requests; errors += s.errors; p99 = Math.max(p99, s.p99_ms);
      rate = Math.max(100, res.ok / (res.duration_us / 1e6));
      samples.push({ t: (Date.now() - started) / 1000, issued, ...rssKiB(server.proc.pid) });
      if (s.errors > 0 || res.ok === 0) break;
    }
    const seconds = (Date.now() - started) / 1000;
    const after = rssKiB(server.proc.pid);
    const stats = await (await fetch(`${server.base}/_mock/stats`)).json();
    report.memory = {
      title: 'Memory: resident set of oauth-mock-server after issuing short-lived tokens (client_credentials, access_token lifetime 2 s)',
      tokens_requested: opts.tokens, tokens_issued: issued, requests, errors, seconds: Math.round(seconds * 10) / 10,
      rate: Math.round(issued / seconds), rss_start_mib: Math.round(before.rss / 102.4) / 10, rss_after_mib: Math.round(after.rss / 102.4) / 10,
      rss_peak_mib: Math.round(after.hwm / 102.4) / 10, store_after: stats, p99_ms_worst_chunk: p99,
      samples: samples.map((s) => ({ t: Math.round(s.t * 10) / 10, issued: s.issued, rss_mib: Math.round(s.rss / 102.4) / 10 })),
    };
    log(`  ${issued} tokens in ${seconds.toFixed(1)} s: RSS ${report.memory.rss_start_mib} MiB at start, ${report.memory.rss_after_mib} MiB after, peak ${report.memory.rss_peak_mib} MiB; store ${JSON.stringify(stats)}`);
    if (errors > 0) problem(`memory: ${errors} errors`);
  } catch (e) {
    problem(`memory: ${e.message}`);
    report.memory = { failed: e.message };
  } finally {
    if (server) await server.stop();
  }
}

function runSuite() {
  log('\n== suite: oauth-conformance (whole catalogue) against the embedded mock');
  const samples = [];
  let exitCode = 0;
  for (let i = 0; i < opts.suiteRuns; i += 1) {
    const out = join(workDir, `suite-${i}`);
    const t0 = process.hrtime.bigint();
    const r = spawnSync(bin.conformance, ['--out', out], { encoding: 'utf8', timeout: 600000 });
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    exitCode = r.status;
    if (r.status !== 0) { problem(`oauth-conformance exited ${r.status ?? r.signal}: ${(r.stderr || '').slice(-500)}`); break; }
    samples.push(Math.round(secs * 100) / 100);
    const summary = /(\d+) cases[^\n]*/.exec(r.stdout || '');
    if (i === 0 && summary) log(`  ${summary[0]}`);
  }
  samples.sort((a, b) => a - b);
  const median = samples.length ? samples[Math.floor(samples.length / 2)] : null;
  report.suite = { title: 'Conformance suite wall time (oauth-conformance, whole catalogue, embedded mock, Release)', runs: samples.length, samples_s: samples, median_s: median, exit_code: exitCode };
  if (median !== null) log(`  median ${median} s over ${samples.length} runs (${samples.join(', ')})`);
}

// ---------- targets, report ----------
function targets() {
  const w = (id) => report.workloads.find((x) => x.id === id);
  const ratio = (id, key) => w(id)?.rows.find((r) => r.key === key)?.ours_over_this;
  const t = [];
  const add = (what, value, goal, met, detail) => t.push({ target: what, value, goal, met: value === undefined || value === null ? null : met, detail });
  const cc20 = ratio('cc', 'o2ms');
  add('token endpoint (client_credentials) vs oauth2-mock-server', cc20, '≥ 20×', cc20 >= 20);
  const cc8 = ratio('cc', 'oidc');
  add('token endpoint (client_credentials) vs oidc-provider', cc8, '≥ 8×', cc8 >= 8);
  const apiC = ratio('api', 'ceiling');
  add('protected API (opaque) vs the Poco ceiling', apiC, '≥ 0.7×', apiC >= 0.7);
  const apiJ = ratio('api-jwt', 'ceiling');
  add('protected API (JWT) vs the Poco ceiling', apiJ, '≥ 0.7×', apiJ >= 0.7);
  const st = (key) => report.startup?.rows.find((r) => r.key === key)?.this_over_ours;
  add('startup vs oidc-provider (times faster)', st('oidc'), '≥ 10×', st('oidc') >= 10);
  add('startup vs oauth2-mock-server (times faster)', st('o2ms'), '≥ 10×', st('o2ms') >= 10);
  const mem = report.memory?.rss_after_mib;
  add(`RSS after ${report.memory?.tokens_issued ?? '?'} short-lived tokens (MiB)`, mem, '< 64', mem < 64);
  return t;
}

const fmt = (x, digits = 1) => (x === undefined || x === null ? '—' : Number(x).toFixed(digits));
function markdown() {
  const m = report.machine;
  const lines = [];
  lines.push(`# Benchmarks${opts.smoke ? ' (smoke run: 1 s per workload, numbers meaningless)' : ''}`, '');
  lines.push(`${report.generated} · ${m.nproc} CPUs (${m.cpu_model}) · load average at start ${m.loadavg_start.join(' ')}, at end ${(m.loadavg_end || []).join(' ')} · kernel ${m.kernel}`);
  lines.push(`wrk ${report.settings.connections} connections (${report.settings.wrk_threads_fixed} wrk threads for a fixed request, one per connection for refresh and flow), ${report.settings.seconds} s measured after ${report.settings.warmup_seconds} s warm-up, a fresh server process per workload, plain HTTP on 127.0.0.1. Peers: oidc-provider ${report.versions['oidc-provider']}, oauth2-mock-server ${report.versions['oauth2-mock-server']} on Node ${report.versions.peer_node}.`, '');
  lines.push('"ours ÷ this": oauth-mock-server\'s throughput divided by this server\'s, measured in the same run. Latency per request. Errors: non-2xx (302/303 for the authorize step), a missing token, socket errors.', '');
  for (const w of report.workloads) {
    lines.push(`## ${w.title}`, '');
    lines.push(`| server | ${w.unit} | p50 ms | p99 ms | errors | ours ÷ this |`, '| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of w.rows) {
      if (r.failed) lines.push(`| ${r.server} | failed: ${r.failed.replace(/\|/g, '/').slice(0, 120)} | | | | |`);
      else lines.push(`| ${r.server} | ${fmt(r.rate, 0)} | ${fmt(r.p50_ms, 2)} | ${fmt(r.p99_ms, 2)} | ${r.errors} | ${fmt(r.ours_over_this, 2)}× |`);
    }
    if (w.note) lines.push('', w.note);
    lines.push('');
  }
  if (report.startup) {
    lines.push(`## ${report.startup.title}`, '');
    lines.push('| server | median ms | min ms | max ms | runs | this ÷ ours |', '| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of report.startup.rows) {
      if (r.failed) lines.push(`| ${r.server} | failed | | | | |`);
      else lines.push(`| ${r.server} | ${fmt(r.median_ms)} | ${fmt(r.min_ms)} | ${fmt(r.max_ms)} | ${r.runs} | ${fmt(r.this_over_ours)}× |`);
    }
    lines.push('', `Measured as: ${report.startup.how}. Node peers: the launcher's whole start (Node, the library, key generation).`, '');
  }
  if (report.memory) {
    const mm = report.memory;
    lines.push(`## ${mm.title || 'Memory'}`, '');
    if (mm.failed) lines.push(`failed: ${mm.failed}`, '');
    else {
      lines.push('| tokens issued | seconds | tokens/s | RSS at start MiB | RSS after MiB | peak RSS MiB | errors | store after (grants, access tokens) |', '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
      lines.push(`| ${mm.tokens_issued} | ${mm.seconds} | ${mm.rate} | ${mm.rss_start_mib} | ${mm.rss_after_mib} | ${mm.rss_peak_mib} | ${mm.errors} | ${mm.store_after?.grants ?? '?'}, ${mm.store_after?.access_tokens ?? mm.store_after?.accessTokens ?? JSON.stringify(mm.store_after)} |`, '');
    }
  }
  if (report.suite) {
    lines.push(`## ${report.suite.title}`, '');
    lines.push(`median ${fmt(report.suite.median_s, 2)} s over ${report.suite.runs} runs (${report.suite.samples_s.join(', ')} s), exit code ${report.suite.exit_code}`, '');
  }
  lines.push('## Targets', '', '| target | measured | goal | met |', '| --- | ---: | ---: | --- |');
  for (const t of report.targets) lines.push(`| ${t.target} | ${t.value === undefined || t.value === null ? '—' : t.value} | ${t.goal} | ${t.met === null ? 'not measured' : t.met ? 'yes' : '**no**'} |`);
  lines.push('');
  return lines.join('\n');
}

// ---------- main ----------
let interrupted = false;
process.on('SIGINT', () => { interrupted = true; });
try {
  log(`bench: ${opts.connections} connections, ${opts.seconds} s per workload${opts.smoke ? ' (smoke)' : ''}; report in ${outDir}`);
  for (const w of WORKLOADS) if (wants(w.id) && !interrupted) await runWorkload(w);
  if (wants('startup') && !interrupted) await runStartup();
  if (wants('memory') && !interrupted) await runMemory();
  if (wants('suite') && !interrupted) runSuite();
} finally {
  report.machine.loadavg_end = loadavg().map((x) => Math.round(x * 100) / 100);
  report.targets = targets();
  report.problems = failures;
  writeFileSync(join(outDir, 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(outDir, 'bench.md'), markdown());
  rmSync(workDir, { recursive: true, force: true });
  log(`\nbench: wrote ${join(outDir, 'bench.md')} and bench.json${failures ? ` — ${failures} problem(s)` : ''}`);
}
process.exit(failures ? 1 : 0);
