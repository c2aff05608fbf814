// A bounded mixed load against oauth-mock-server on 127.0.0.1: full authorization-code flows with
// PKCE (auto-approved), API calls, refreshes with rotation, revocations, client-credentials tokens
// and introspection, from a few concurrent workers for a fixed time. Every answer is checked; the
// server's resident memory is sampled from /proc every few seconds, with its store sizes
// (GET /_mock/stats: grants, codes, tokens, pending logins, recorded traffic).
//
//   node tools/soak/soak.mjs --server build/mock_server/oauth-mock-server [--seconds 300]
//        [--workers 8] [--sample-seconds 10] [--out DIR]
//
// Prints the operations, the errors (expected: 0) and the RSS samples; writes DIR/soak.json and
// DIR/soak.md. Exit code: 0 with no errors, 1 with errors, 2 for a setup failure.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2));
const REDIRECT = 'https://app.example.test/callback';
const BACKEND = 'Basic ' + Buffer.from('soak-backend:soak-backend-secret').toString('base64');

function parseArgs(argv) {
  const a = { seconds: 300, workers: 8, sampleSeconds: 10, out: 'soak-report', server: undefined };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (value === undefined) usage(`${name} needs a value`);
    if (name === '--server') a.server = resolve(value);
    else if (name === '--out') a.out = resolve(value);
    else if (['--seconds', '--workers', '--sample-seconds'].includes(name)) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 3600) usage(`${name}: expected an integer 1..3600, got '${value}'`);
      a[{ '--seconds': 'seconds', '--workers': 'workers', '--sample-seconds': 'sampleSeconds' }[name]] = n;
    } else usage(`unknown argument '${name}'`);
  }
  if (!a.server) usage('--server PATH/oauth-mock-server is required');
  if (a.workers > 64) usage('--workers: at most 64 (the server is configured for 64 threads)');
  return a;
}

function usage(message) {
  console.error(`soak: ${message}\nusage: node soak.mjs --server PATH [--seconds N] [--workers N] [--sample-seconds N] [--out DIR]`);
  process.exit(2);
}

const b64url = (buf) => buf.toString('base64url');

function startServer() {
  return new Promise((resolveStart, rejectStart) => {
    const child = spawn(args.server, ['--config', join(HERE, 'soak-config.json'), '--port', '0', '--quiet'],
                        { stdio: ['ignore', 'pipe', 'inherit'] });
    const timer = setTimeout(() => rejectStart(new Error('the server did not print its URL within 10 s')), 10_000);
    child.on('error', (e) => rejectStart(new Error(`cannot start ${args.server}: ${e.message}`)));
    child.on('exit', (code) => rejectStart(new Error(`the server exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = line.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolveStart({ child, base: m[1] }); }
    });
  });
}

function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+) kB/)[1]);
}

const counts = {};
const errors = [];
function count(op) { counts[op] = (counts[op] ?? 0) + 1; }
function expect(op, ok, detail) {
  count(op);
  if (!ok && errors.length < 50) errors.push(`${op}: ${detail}`);
  if (!ok) counts.errors = (counts.errors ?? 0) + 1;
  return ok;
}

async function form(base, path, params, headers = {}) {
  const r = await fetch(base + path, { method: 'POST', body: new URLSearchParams(params),
                                       headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  return { status: r.status, json: r.headers.get('content-type')?.includes('json') ? await r.json() : await r.text() };
}

async function api(base, token) {
  const r = await fetch(base + '/v2/buildings', { headers: { authorization: `Bearer ${token}` } });
  await r.arrayBuffer();
  return r.status;
}

/// One full journey of the seed guide: authorize → code → token → API → refresh → API → revoke → API refused.
async function flow(base) {
  const verifier = b64url(randomBytes(32));
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  const state = b64url(randomBytes(16));
  const q = new URLSearchParams({ response_type: 'code', client_id: 'soak-web', redirect_uri: REDIRECT, scope: 'read:buildings',
                                  state, code_challenge: challenge, code_challenge_method: 'S256' });
  const a = await fetch(`${base}/authorize?${q}`, { redirect: 'manual' });
  await a.arrayBuffer();
  const location = new URL(a.headers.get('location') ?? 'about:blank');
  const code = location.searchParams.get('code');
  if (!expect('authorize', a.status === 302 && code && location.searchParams.get('state') === state, `status ${a.status}`)) return;
  const t = await form(base, '/token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'soak-web', code_verifier: verifier });
  if (!expect('token', t.status === 200 && t.json.access_token && t.json.refresh_token, `status ${t.status}`)) return;
  expect('api', (await api(base, t.json.access_token)) === 200, 'API refused a fresh token');
  const r = await form(base, '/token', { grant_type: 'refresh_token', refresh_token: t.json.refresh_token, client_id: 'soak-web' });
  if (!expect('refresh', r.status === 200 && r.json.refresh_token && r.json.refresh_token !== t.json.refresh_token, `status ${r.status}`)) return;
  expect('api', (await api(base, r.json.access_token)) === 200, 'API refused a refreshed token');
  const v = await form(base, '/revoke', { token: r.json.refresh_token, token_type_hint: 'refresh_token', client_id: 'soak-web' });
  expect('revoke', v.status === 200, `status ${v.status}`);
  expect('api-after-revoke', (await api(base, r.json.access_token)) === 401, 'API accepted a token of a revoked grant');
}

/// A service call: client credentials, introspection of the token, an API call.
async function service(base) {
  const t = await form(base, '/token', { grant_type: 'client_credentials', scope: 'read:buildings' }, { authorization: BACKEND });
  if (!expect('client-credentials', t.status === 200 && t.json.access_token, `status ${t.status}`)) return;
  const i = await form(base, '/introspect', { token: t.json.access_token }, { authorization: BACKEND });
  expect('introspect', i.status === 200 && i.json.active === true, `status ${i.status} ${JSON.stringify(i.json)}`);
  expect('api', (await api(base, t.json.access_token)) === 200, 'API refused a client-credentials token');
}

async function main() {
  mkdirSync(args.out, { recursive: true });
  let server;
  try { server = await startServer(); } catch (e) { console.error(`soak: ${e.message}`); process.exit(2); }
  const { child, base } = server;
  const stopServer = () => { if (child.exitCode === null) child.kill('SIGTERM'); };
  process.on('SIGINT', () => { stopServer(); process.exit(130); });
  const started = Date.now();
  const deadline = started + args.seconds * 1000;
  const samples = [{ t: 0, rssKiB: rssKiB(child.pid), ops: 0 }];
  const total = () => Object.entries(counts).filter(([k]) => k !== 'errors').reduce((s, [, v]) => s + v, 0);
  const sampler = setInterval(async () => {
    const s = { t: Math.round((Date.now() - started) / 1000), rssKiB: rssKiB(child.pid), ops: total() };
    try { s.stores = await (await fetch(`${base}/_mock/stats`)).json(); } catch { s.stores = null; }
    samples.push(s);
    console.log(`t=${String(s.t).padStart(4)} s  rss=${(s.rssKiB / 1024).toFixed(1)} MiB  operations=${s.ops}  errors=${counts.errors ?? 0}` +
                `  stores=${JSON.stringify(s.stores)}`);
  }, args.sampleSeconds * 1000);
  const worker = async (n) => {
    for (let i = 0; Date.now() < deadline; i++) {
      try { await ((i + n) % 3 === 2 ? service(base) : flow(base)); }
      catch (e) { expect('transport', false, e.message); }
    }
  };
  await Promise.all(Array.from({ length: args.workers }, (_, n) => worker(n)));
  clearInterval(sampler);
  samples.push({ t: Math.round((Date.now() - started) / 1000), rssKiB: rssKiB(child.pid), ops: total() });
  stopServer();

  const seconds = (Date.now() - started) / 1000;
  const warm = samples.filter((s) => s.t >= Math.min(60, seconds / 2));
  const result = { seconds, workers: args.workers, operations: total(), perSecond: total() / seconds, counts,
                   errors: counts.errors ?? 0, errorSamples: errors, samples,
                   rssWarmMinKiB: Math.min(...warm.map((s) => s.rssKiB)), rssWarmMaxKiB: Math.max(...warm.map((s) => s.rssKiB)) };
  writeFileSync(join(args.out, 'soak.json'), JSON.stringify(result, null, 2));
  const md = [`| operations | per second | errors | RSS after warm-up (min–max) |`, `|---:|---:|---:|---|`,
              `| ${result.operations} | ${result.perSecond.toFixed(0)} | ${result.errors} | ${(result.rssWarmMinKiB / 1024).toFixed(1)}–${(result.rssWarmMaxKiB / 1024).toFixed(1)} MiB |`,
              '', '| t (s) | RSS (MiB) | operations so far |', '|---:|---:|---:|',
              ...samples.map((s) => `| ${s.t} | ${(s.rssKiB / 1024).toFixed(1)} | ${s.ops} |`)].join('\n');
  writeFileSync(join(args.out, 'soak.md'), md + '\n');
  console.log(`\n${md}\n\nby operation: ${JSON.stringify(counts)}`);
  for (const e of errors) console.log(`error: ${e}`);
  process.exit(result.errors === 0 ? 0 : 1);
}

main();
