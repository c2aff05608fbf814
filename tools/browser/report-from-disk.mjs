#!/usr/bin/env node
// The HTML report as a person uses it: oauth-conformance runs the catalogue against the embedded mock
// with the quirk code-reuse (so some cases fail), and report.html is opened from disk (file://). It
// must render with no console error and no request but the file itself; the outcome and level filters,
// the text search and "Problems only" must change what is shown (checked against results.json); a
// failed case must expand to its expected vs actual values and its HTTP exchanges.
// Screenshots: <out>/report-summary.png and <out>/report-failed-case.png (the ones in docs/).
//
//   node report-from-disk.mjs --conformance PATH/oauth-conformance --out DIR

import { join } from 'node:path';
import { launchChromium } from './lib/chromium.mjs';
import { runConformance } from './lib/conformance-run.mjs';
import { expect, listed, runBrowserTest, step } from './lib/harness.mjs';
import { openFromDisk } from './lib/report-page.mjs';

const QUIRK = 'code-reuse';

await runBrowserTest({
  name: 'report-from-disk',
  timeoutMs: 150_000,
  needs: ['conformance'],
  run: async ({ args, outDir }) => {
    let run;
    await step('conformance run', async () => {
      run = await runConformance(args.conformance, join(outDir, 'report'), ['--mock-quirk', QUIRK]);
      expect(run.code === 1, `exit code ${run.code}, expected 1 (failures under ${QUIRK}):\n${run.output.slice(-1500)}`);
      const s = run.results.summary.by_outcome;
      expect(s.FAIL > 0 && s.PASS > 0, `expected both PASS and FAIL: ${JSON.stringify(s)}`);
      return `--mock-quirk ${QUIRK}: ${run.results.cases.length} cases, ${JSON.stringify(s)}`;
    });
    const cases = run.results.cases;

    const browser = await launchChromium({ viewport: { width: 1200, height: 900 } });
    let report;
    await step('open report.html from disk', async () => {
      report = await openFromDisk(browser, run.reportFile);
      expect(await report.page.locator('#toolbar').isVisible(), 'the toolbar is hidden: the report script did not run');
      return report.url;
    });
    const { page } = report;

    /// Ids, outcomes and levels of the cases a reader sees (not hidden, nor inside anything hidden).
    const shown = () => page.$$eval('details.case', (all) => all.filter((c) => !c.closest('[hidden]')).map((c) => ({
      id: c.querySelector('code.id').textContent, outcome: c.dataset.outcome, level: c.dataset.level })));
    const expectShown = async (what, wanted) => {
      const seen = await shown();
      const ids = (list) => list.map((c) => c.id).sort().join('\n');
      expect(ids(seen) === ids(wanted), `${what}: ${seen.length} cases shown, expected ${wanted.length}`);
      const counter = await page.locator('#shown').textContent();
      expect(counter === `${wanted.length} of ${cases.length} cases shown`, `${what}: the counter says "${counter}"`);
      return `${seen.length} of ${cases.length} shown`;
    };
    const box = (kind, value) => page.locator(`#toolbar input[data-filter="${kind}"][value="${value}"]`);

    await step('every case is listed', () => expectShown('no filter', cases));

    await step('outcome filter', async () => {
      await box('outcome', 'PASS').uncheck();
      const detail = await expectShown('PASS unticked', cases.filter((c) => c.outcome !== 'PASS'));
      await box('outcome', 'PASS').check();
      await expectShown('PASS ticked again', cases);
      return `PASS unticked: ${detail}`;
    });

    await step('level filter', async () => {
      await box('level', 'MUST').uncheck();
      const detail = await expectShown('MUST unticked', cases.filter((c) => c.level !== 'MUST'));
      await box('level', 'MUST').check();
      return `MUST unticked: ${detail}`;
    });

    const failed = cases.find((c) => c.outcome === 'FAIL' && c.exchanges.length > 0 && c.checks.some((k) => !k.passed));
    expect(failed, 'no failed case with a failed check and exchanges in results.json');
    await step('text search', async () => {
      const needle = failed.id.toLowerCase();
      await page.locator('#search').fill(failed.id);
      const detail = await expectShown(`search "${failed.id}"`,
        cases.filter((c) => `${c.id} ${c.title} ${c.reason}`.toLowerCase().includes(needle)));
      await page.locator('#search').fill('no case is called this');
      await expectShown('search for nothing', []);
      await page.locator('#search').fill('');
      await expectShown('empty search', cases);
      return `"${failed.id}": ${detail}`;
    });

    await step('"Problems only" and "Show all"', async () => {
      await page.getByRole('button', { name: 'Problems only' }).click();
      const detail = await expectShown('problems only', cases.filter((c) => ['FAIL', 'WARN', 'ERROR'].includes(c.outcome)));
      await page.getByRole('button', { name: 'Show all' }).click();
      await expectShown('show all', cases);
      return detail;
    });

    await step('summary screenshot', async () => {
      const box_ = await page.locator('#summary').boundingBox();
      await page.screenshot({ path: join(outDir, 'report-summary.png'), clip: { x: 0, y: 0, width: 1200, height: box_.y + box_.height + 16 } });
      return 'report-summary.png';
    });

    await step('a failed case expands to expected vs actual and the exchanges', async () => {
      const element = page.locator('details.case').filter({ has: page.locator('code.id', { hasText: failed.id }) });
      expect(await element.count() === 1, `case ${failed.id} not found once`);
      expect(await element.getAttribute('open') === null, 'the case is open before it is clicked');
      await element.locator('summary').first().click();
      expect(await element.getAttribute('open') !== null, 'the case did not open');
      const failedChecks = failed.checks.filter((k) => !k.passed);
      const rows = element.locator('table.checks tr.failed');
      expect(await rows.count() === failedChecks.length, `${await rows.count()} failed check rows, expected ${failedChecks.length}`);
      const cells = await rows.first().locator('td').allTextContents();
      expect(cells[4] === failedChecks[0].expected, `Expected shows "${cells[4]}", results.json "${failedChecks[0].expected}"`);
      expect(cells[5].startsWith(failedChecks[0].actual), `Actual shows "${cells[5]}", results.json "${failedChecks[0].actual}"`);
      expect(await rows.first().isVisible(), 'the failed check row is not visible');

      const exchanges = element.locator('details.exchange');
      expect(await exchanges.count() === failed.exchanges.length, `${await exchanges.count()} exchanges, expected ${failed.exchanges.length}`);
      const last = failed.exchanges.length - 1;
      await exchanges.nth(last).locator('summary').click();
      const request = exchanges.nth(last).locator('.req pre').first();
      const response = exchanges.nth(last).locator('.resp pre').first();
      const e = failed.exchanges[last];
      expect(await request.isVisible(), 'the exchange did not open');
      expect((await request.textContent()).startsWith(`${e.method} ${e.url}`), 'the request line is not shown');
      expect((await response.textContent()).startsWith(`HTTP ${e.status}`), 'the response status is not shown');
      // A full-page capture from the top, clipped to the case: the sticky toolbar stays in its place.
      await page.evaluate(() => window.scrollTo(0, 0));
      const box_ = await element.boundingBox();
      await page.screenshot({ path: join(outDir, 'report-failed-case.png'), fullPage: true, clip: box_ });
      return `${failed.id}: ${failedChecks[0].name} expected "${failedChecks[0].expected}", actual "${failedChecks[0].actual}"; ` +
        `${failed.exchanges.length} exchanges`;
    });

    await step('no console error, no request but the file', () => {
      expect(report.console.errors().length === 0, `console errors: ${listed(report.console.errors())}`);
      expect(report.requests.length === 1 && report.requests[0] === report.url,
        `requests: ${listed(report.requests)}`);
      expect(report.executions.length === 0, `unexpected: ${listed(report.executions)}`);
      return `requests: ${report.requests.length} (the file)`;
    });
  },
});
