// Prints a Markdown table of verdicts side by side, one column per run, from results.json files:
//   node side-by-side.mjs NAME=DIR/results.json ...
// Rows: every outcome, then outcome by level (MUST FAIL, SHOULD WARN, ...) where any run has some.
import { readFileSync } from 'node:fs';

const outcomes = ['PASS', 'FAIL', 'WARN', 'INFO', 'SKIP', 'ERROR'];
const levels = ['MUST', 'SHOULD', 'MAY', 'PRACTICE', 'INFO'];

const runs = process.argv.slice(2).map((arg) => {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new Error(`expected NAME=PATH/results.json, got ${arg}`);
  const path = arg.slice(eq + 1);
  let results;
  try {
    results = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: ${e.message}`);
  }
  if (!results.summary || !results.summary.by_outcome || !results.summary.by_level)
    throw new Error(`${path}: $.summary: expected by_outcome and by_level`);
  return { name: arg.slice(0, eq), results };
});

const row = (label, cells) => `| ${label} | ${cells.join(' | ')} |`;
const lines = [
  row('', runs.map((r) => `**${r.name}**`)),
  row('---', runs.map(() => '---:')),
  row('cases', runs.map((r) => r.results.summary.total)),
];
for (const o of outcomes)
  lines.push(row(o, runs.map((r) => r.results.summary.by_outcome[o] ?? 0)));
for (const l of levels)
  for (const o of outcomes.filter((x) => x !== 'PASS'))
    if (runs.some((r) => (r.results.summary.by_level[l]?.[o] ?? 0) > 0))
      lines.push(row(`${l} → ${o}`, runs.map((r) => r.results.summary.by_level[l]?.[o] ?? 0)));
lines.push(row('baselined', runs.map((r) => r.results.cases.filter((c) => c.baselined).length)));
lines.push(row('exit code', runs.map((r) => r.results.exit_code)));
console.log(lines.join('\n'));
