#!/usr/bin/env node
// A hostile server cannot script the HTML report: oauth-conformance runs against lib/hostile-server.mjs
// (<script>, <img onerror>, <svg onload> and javascript: URLs in error_description, error_uri, headers,
// JSON members and names, HTML pages and redirect parameters, each calling __pwned('<where>')), and
// report.html is opened from disk with every case and exchange expanded and payloads typed into the
// search box. No payload may run (no __pwned call, dialog, popup or navigation), no console error may
// appear (a CSP refusal would mean markup got through), the DOM may hold only the report's own script,
// no event-handler attribute and only spec links, and the payloads must be shown as text.
// The control step first opens the same strings unescaped and checks that the detector sees them run.
// Screenshot: <out>/hostile-exchange.png (a /token exchange with its payloads shown as text).
//
//   node report-hostile-server.mjs --conformance PATH/oauth-conformance --out DIR

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './lib/chromium.mjs';
import { runConformance } from './lib/conformance-run.mjs';
import { expect, listed, runBrowserTest, step } from './lib/harness.mjs';
import { payloads, startHostileServer } from './lib/hostile-server.mjs';
import { openFromDisk } from './lib/report-page.mjs';

const SPEC_LINK = /^https:\/\/(www\.rfc-editor\.org\/rfc\/|datatracker\.ietf\.org\/doc\/html\/)/;

await runBrowserTest({
  name: 'report-hostile-server',
  timeoutMs: 150_000,
  needs: ['conformance'],
  run: async ({ args, outDir }) => {
    let server, run;
    await step('hostile server', async () => {
      server = await startHostileServer();
      return server.baseUrl;
    });

    await step('conformance run against it', async () => {
      const profile = join(outDir, 'hostile.profile.json');
      writeFileSync(profile, JSON.stringify(targetProfile(server.baseUrl), null, 2));
      run = await runConformance(args.conformance, join(outDir, 'report'),
        ['--target', server.baseUrl, '--target-profile', profile]);
      expect(run.code === 1, `exit code ${run.code}, expected 1:\n${run.output.slice(-1500)}`);
      return `${run.results.cases.length} cases, ${JSON.stringify(run.results.summary.by_outcome)}`;
    });

    const recorded = hostileStrings(run.results);
    await step('the payloads reached results.json', () => {
      for (const where of ['error_description:token', 'header:token', 'member:token', 'error_uri:token', 'login-page']) {
        expect(recorded.some((s) => s.includes(`__pwned('script:${where}')`) || s.includes(`__pwned('${where}')`) ||
          s.includes(`__pwned('url:${where}')`)), `no payload from ${where} in results.json: the test would prove nothing`);
      }
      const raw = readFileSync(run.reportFile, 'utf8');
      expect(raw.includes('&lt;script&gt;__pwned('), 'report.html does not hold the escaped <script> payload');
      return `${recorded.length} distinct strings with payloads`;
    });

    await step('control: the detector sees unescaped payloads run', async () => {
      const control = join(outDir, 'control-unescaped.html');
      writeFileSync(control, `<!DOCTYPE html><html><body>${recorded.slice(0, 40).join('\n<hr>')}` +
        `<a id="link" href="javascript:__pwned('control-link')">link</a></body></html>`);
      const browser = await launchChromium();
      const page = await openFromDisk(browser, control);
      await page.page.locator('#link').click();
      await page.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done())));
      const kinds = new Set(page.executions.map((e) => e.match(/__pwned\('([^:']+)/)?.[1] ?? e));
      await browser.close();
      expect(kinds.has('script') && kinds.has('img'), `the detector saw only: ${[...kinds].join(', ') || 'nothing'}`);
      return `${page.executions.length} executions seen (${[...kinds].join(', ')})`;
    });

    const browser = await launchChromium({ viewport: { width: 1200, height: 900 } });
    let report;
    await step('open report.html, expand everything', async () => {
      report = await openFromDisk(browser, run.reportFile);
      await report.page.getByRole('button', { name: 'Expand all' }).click();
      const closed = await report.page.locator('details:not([open])').count();
      expect(closed === 0, `${closed} details elements stayed closed`);
    });
    const { page } = report;

    await step('payloads typed into the search box', async () => {
      for (const p of payloads('search')) await page.locator('#search').fill(p);
      await page.locator('#search').fill('');
      return `${payloads('search').length} strings`;
    });

    await step('the payloads are shown as text', async () => {
      const text = await page.locator('body').innerText();
      for (const p of ["<script>__pwned('script:error_description:token')</script>",
        `<img src=x onerror="__pwned('img:header:token')">`, "javascript:__pwned('error_uri:token')"]) {
        expect(text.includes(p), `the page text does not show ${p}`);
      }
      const exchange = page.locator('details.exchange').filter({ hasText: "__pwned('script:error_description:token')" }).first();
      await exchange.screenshot({ path: join(outDir, 'hostile-exchange.png') });
    });

    await step('nothing ran', async () => {
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done()))); // pending events delivered
      expect(report.executions.length === 0, `script execution: ${listed(report.executions)}`);
      expect(report.console.errors().length === 0, `console errors (injected markup?): ${listed(report.console.errors())}`);
      expect(report.requests.length === 1 && report.requests[0] === report.url, `requests: ${listed(report.requests)}`);
    });

    await step('the DOM holds no injected markup', async () => {
      const dom = await page.evaluate(() => ({
        scripts: document.scripts.length,
        handlers: [...document.querySelectorAll('*')].flatMap((el) =>
          [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName}[${a.name}]`)),
        links: [...document.querySelectorAll('[href], [src], [action], [formaction]')].map((el) =>
          el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('action') ?? el.getAttribute('formaction')),
        embedded: document.querySelectorAll('img, iframe, object, embed, form, base, meta[http-equiv="refresh"]').length,
      }));
      expect(dom.scripts === 1, `${dom.scripts} script elements, expected the report's own only`);
      expect(dom.handlers.length === 0, `event-handler attributes: ${listed(dom.handlers)}`);
      const foreign = dom.links.filter((l) => !SPEC_LINK.test(l));
      expect(foreign.length === 0, `links other than spec links: ${listed(foreign)}`);
      expect(dom.embedded === 0, `${dom.embedded} img/iframe/object/embed/form/base/refresh elements`);
      return `1 script, 0 handlers, ${dom.links.length} spec links`;
    });
  },
});

/// The profile of the hostile server for oauth-conformance (schema: scenarios/README.md).
function targetProfile(issuer) {
  return {
    description: 'A hostile server (tools/browser/lib/hostile-server.mjs) for the report escaping test.',
    issuer,
    clients: {
      public: { client_id: 'hostile-public', redirect_uri: 'http://127.0.0.1:3000/callback', scope: 'read' },
      confidential: { client_id: 'hostile-backend', client_secret: 'secret', auth_method: 'client_secret_basic',
        redirect_uri: 'http://127.0.0.1:3000/backend', scope: 'read' },
    },
    user: { username: 'alice', password: 'alice-password' },
    login: { approve: { name: 'decision', value: 'approve' }, deny: { name: 'decision', value: 'deny' } },
    resource: { url: '/v2/buildings', scope: 'read' },
    timing: { allow_real_wait: false },
    http: { connect_timeout_ms: 2000, receive_timeout_ms: 5000, total_timeout_ms: 8000 },
  };
}

/// Every distinct string in results.json that holds a payload.
function hostileStrings(results) {
  const found = new Set();
  const walk = (v) => {
    if (typeof v === 'string') { if (v.includes('__pwned')) found.add(v); }
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(results);
  return [...found];
}
