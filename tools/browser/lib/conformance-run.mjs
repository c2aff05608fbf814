// Runs the built oauth-conformance as a child process, bounded in time, and reads the run's
// results.json back. The child is killed if the test ends first.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onCleanup, onExit } from './harness.mjs';
import { killNow, stopChild } from './mock-server.mjs';

/// Resolves with {code, output, results, reportFile} once oauth-conformance --out outDir ...args exits.
export async function runConformance(executable, outDir, args, timeoutMs = 120_000) {
  const child = spawn(executable, ['--out', outDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  onCleanup(() => stopChild(child));
  onExit(() => killNow(child));
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise((done, reject) => {
    child.on('error', reject);
    child.on('exit', (status, signal) => done(signal ? `killed by ${signal}` : status));
  });
  clearTimeout(timer);
  const resultsFile = join(outDir, 'results.json');
  const reportFile = join(outDir, 'report.html');
  if (!existsSync(resultsFile) || !existsSync(reportFile)) {
    throw new Error(`oauth-conformance (exit ${code}) wrote no results.json/report.html:\n${output.slice(-2000)}`);
  }
  return { code, output, results: JSON.parse(readFileSync(resultsFile, 'utf8')), reportFile };
}
