#!/usr/bin/env node
// The login page cannot be framed (clickjacking, RFC 9700 §4.16): a page on another origin that puts
// it in an <iframe> gets chromium's refusal (console: frame-ancestors / X-Frame-Options) and a frame
// without the login form. The control run turns on the mock's quirk no-frame-protection and checks
// that the same page then does show the form in the frame, so the detection is proven able to fail.
// Screenshots: <out>/1-framing-refused.png, <out>/2-control-unprotected-framed.png.
//
//   node login-not-frameable.mjs --mock-server PATH/oauth-mock-server --out DIR

import { launchChromium, screenshot, watchConsole } from './lib/chromium.mjs';
import { expect, listed, runBrowserTest, step } from './lib/harness.mjs';
import { setQuirk, startMockServer } from './lib/mock-server.mjs';
import { authorizationRequest, startTestApplication } from './lib/test-application.mjs';

const REFUSAL = /Refused to (display|frame)|frame-ancestors|X-Frame-Options/i;

await runBrowserTest({
  name: 'login-not-frameable',
  timeoutMs: 60_000,
  needs: ['mockServer'],
  run: async ({ args, outDir }) => {
    let mock, app, browser;
    await step('servers and chromium', async () => {
      mock = await startMockServer(args.mockServer);
      app = await startTestApplication(mock);
      browser = await launchChromium();
    });
    const { page } = browser;
    const console_ = watchConsole(page);

    /// Opens the framing page; resolves with {refusals, hasForm, headers} for its frame.
    const frameLoginPage = async () => {
      const request = authorizationRequest(mock, app.redirectUri);
      const framedResponse = page.waitForResponse((r) => r.url() === request.url);
      const before = console_.messages.length;
      await page.goto(`${app.baseUrl}/frame?src=${encodeURIComponent(request.url)}`);
      const headers = (await framedResponse).headers();
      const frame = page.frames().find((f) => f.parentFrame() === page.mainFrame());
      expect(frame, 'the framing page has no frame');
      const hasForm = await frame.locator('form#login').count().catch(() => 0) > 0;
      const refusals = console_.messages.slice(before).filter((m) => REFUSAL.test(m.text)).map((m) => m.text);
      return { refusals, hasForm, headers, frameUrl: frame.url() };
    };

    await step('a framing page is refused', async () => {
      const r = await frameLoginPage();
      await screenshot(page, outDir, '1-framing-refused');
      expect(!r.hasForm, `the login form is shown inside the frame (frame at ${r.frameUrl})`);
      expect(r.refusals.length > 0, 'chromium reported no refusal to frame the page');
      return `frame at ${r.frameUrl}; chromium: ${r.refusals[0].slice(0, 120)}…`;
    });

    await step('control: without frame protection the form shows in the frame', async () => {
      await setQuirk(mock.baseUrl, 'no-frame-protection', true);
      const r = await frameLoginPage();
      await setQuirk(mock.baseUrl, 'no-frame-protection', false);
      await screenshot(page, outDir, '2-control-unprotected-framed');
      expect(!('x-frame-options' in r.headers), 'the quirk left X-Frame-Options on');
      expect(r.hasForm, 'the unprotected login page did not show in the frame: the detection proves nothing');
      expect(r.refusals.length === 0, `refusal without protection: ${listed(r.refusals)}`);
      return 'the unprotected page is framed, so the check above can fail';
    });
    await step('no request beyond loopback', () => {
      expect(browser.blocked.length === 0, `blocked: ${listed(browser.blocked)}`);
    });
  },
});
