// oauth-mock-server as a child process: plain HTTP on 127.0.0.1, a free port, the ConnectBase example
// configuration (built in), no request log. Stopped with SIGTERM (then SIGKILL) when the test ends.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { onCleanup, onExit, within } from './harness.mjs';

/// Resolves with {baseUrl, issuer, stop}.
export async function startMockServer(executable, extraArgs = []) {
  const child = spawn(executable, ['--http', '--bind', '127.0.0.1', '--port', '0', '--quiet', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () => stopChild(child);
  onCleanup(stop);
  onExit(() => killNow(child));
  const started = await within(15_000, 'oauth-mock-server start', readBanner(child));
  return { ...started, stop };
}

/// The control API: PUT (on) or DELETE (off) one quirk.
export async function setQuirk(baseUrl, name, on) {
  const response = await fetch(new URL(`/_mock/quirks/${name}`, baseUrl), { method: on ? 'PUT' : 'DELETE' });
  if (!response.ok) throw new Error(`control API: quirk ${name} ${on ? 'on' : 'off'} answered ${response.status}`);
}

function readBanner(child) {
  return new Promise((done, reject) => {
    let stderr = '';
    const seen = {};
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', (err) => reject(new Error(`cannot run oauth-mock-server: ${err.message}`)));
    child.on('exit', (status, signal) =>
      reject(new Error(`oauth-mock-server exited (${signal ?? status}) before it was ready: ${stderr.trim()}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      let m;
      if ((m = line.match(/listening on (http:\/\/\S+)/))) seen.baseUrl = m[1];
      else if ((m = line.match(/^issuer: (\S+)/))) seen.issuer = m[1];
      else if (line.startsWith('control API:')) {
        if (!seen.baseUrl) reject(new Error('oauth-mock-server printed no "listening on http://…" line'));
        else done({ baseUrl: seen.baseUrl, issuer: seen.issuer ?? seen.baseUrl });
      }
    });
  });
}

/// SIGKILL at once, if it still runs (for process exit, where nothing can be awaited).
export function killNow(child) {
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/// SIGTERM (the server's clean shutdown), then SIGKILL after 3 s.
export async function stopChild(child) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
