// Shared plumbing of the peer launchers: command line, a throwaway CA and server certificate
// (openssl req -x509, in a temp dir), the ready line/file, clean shutdown on SIGTERM/SIGINT.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const HOST = '127.0.0.1';

/// --port N (0 = a free port), --http (plain http instead of https), --ready-file F (JSON
/// {"issuer", "ca_file"} written once the server listens).
export function parseArgs(argv, usage) {
  const opts = { port: 0, http: false, readyFile: '' };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${a} needs a value\n${usage}`);
      i += 1;
      return argv[i];
    };
    if (a === '--port') {
      opts.port = Number.parseInt(value(), 10);
      if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) fail(`bad --port\n${usage}`);
    } else if (a === '--http') opts.http = true;
    else if (a === '--ready-file') opts.readyFile = value();
    else if (a === '--help' || a === '-h') {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    } else fail(`unknown argument ${a}\n${usage}`);
  }
  return opts;
}

export function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/// A CA and a server certificate for 127.0.0.1 (IP SAN), valid one day, in a fresh temp dir.
export function makeCertificates() {
  const dir = mkdtempSync(join(tmpdir(), 'oauth-peer-'));
  const run = (args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', '/CN=oauth-conformance peer test CA', '-keyout', 'ca.key', '-out', 'ca.pem',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr']);
  writeFileSync(join(dir, 'server.ext'), [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature',
    'extendedKeyUsage=serverAuth',
    'subjectAltName=IP:127.0.0.1',
    '',
  ].join('\n'));
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
    '-days', '1', '-sha256', '-extfile', 'server.ext', '-out', 'server.pem']);
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    key: readFileSync(join(dir, 'server.key')),
    cert: readFileSync(join(dir, 'server.pem')),
  };
}

/// Prints the issuer (and CA), writes the ready file atomically.
export function announce(opts, issuer, caFile) {
  process.stdout.write(`issuer ${issuer}\n`);
  if (caFile) process.stdout.write(`ca_file ${caFile}\n`);
  if (opts.readyFile) {
    const tmp = `${opts.readyFile}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ issuer, ca_file: caFile || '' })}\n`);
    renameSync(tmp, opts.readyFile);
  }
}

/// Stops the servers and removes the temp dir on SIGTERM/SIGINT; exits 0.
export function stopOn(signals, { servers, tempDir, onStop }) {
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`stopping (${signal})\n`);
    setTimeout(() => {
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      process.exit(0);
    }, 3000).unref(); // connections that do not close in time are cut
    try {
      if (onStop) await onStop();
      await Promise.all(servers().map((s) => new Promise((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections?.();
      })));
    } finally {
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      process.exit(0);
    }
  };
  for (const s of signals) process.on(s, () => { stop(s); });
}
