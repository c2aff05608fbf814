#!/usr/bin/env node
// The login page works without JavaScript: in a chromium context with javaScriptEnabled:false, the
// user opens the authorization URL, fills the form and approves; the browser lands on the redirect URI
// with code, state and iss, and the code is good (the test exchanges it for tokens at /token).
// Screenshots: <out>/1-login-page.png, <out>/2-callback.png.
//
//   node login-without-javascript.mjs --mock-server PATH/oauth-mock-server --out DIR

import { launchChromium, screenshot } from './lib/chromium.mjs';
import { expect, listed, runBrowserTest, step } from './lib/harness.mjs';
import { startMockServer } from './lib/mock-server.mjs';
import { authorizationRequest, exchangeCode, startTestApplication } from './lib/test-application.mjs';

await runBrowserTest({
  name: 'login-without-javascript',
  timeoutMs: 60_000,
  needs: ['mockServer'],
  run: async ({ args, outDir }) => {
    let mock, app, browser;
    await step('servers', async () => {
      mock = await startMockServer(args.mockServer);
      app = await startTestApplication(mock);
      return `mock ${mock.baseUrl}, application ${app.baseUrl}`;
    });
    await step('chromium without JavaScript', async () => {
      browser = await launchChromium({ javaScriptEnabled: false });
      await browser.page.goto(app.baseUrl);
      expect(await browser.page.locator('#noscript').isVisible(), 'the <noscript> text is not shown: JavaScript runs');
      return 'the application page shows its <noscript> text';
    });
    const { page } = browser;
    const request = authorizationRequest(mock, app.redirectUri);

    await step('login page', async () => {
      const response = await page.goto(request.url);
      expect(response.status() === 200, `GET /authorize answered ${response.status()}`);
      expect(await page.locator('form#login').isVisible(), 'no login form');
      await screenshot(page, outDir, '1-login-page');
    });

    let callbackUrl;
    await step('sign in and allow', async () => {
      await page.getByLabel('User').fill('alice');
      await page.getByLabel('Password').fill('alice-password');
      const toCallback = page.waitForRequest((r) => r.url().startsWith(`${app.redirectUri}?`));
      await page.getByRole('button', { name: 'Sign in and allow' }).click();
      callbackUrl = new URL((await toCallback).url());
      await page.waitForURL((u) => u.href.startsWith(app.redirectUri));
      const p = callbackUrl.searchParams;
      expect(p.get('code'), `no code: ${callbackUrl.search}`);
      expect(p.get('state') === request.state, `state ${p.get('state')}`);
      expect(p.get('iss') === mock.issuer, `iss ${p.get('iss')}`);
      expect(await page.locator('#noscript').isVisible(), 'the callback page ran JavaScript');
      await screenshot(page, outDir, '2-callback');
      return `landed on ${callbackUrl.pathname} with code, state, iss`;
    });

    await step('the code is good', async () => {
      const tokens = await exchangeCode(mock, app.redirectUri, callbackUrl.searchParams.get('code'), request.codeVerifier);
      return `token endpoint issued a ${tokens.token_type} token`;
    });
    await step('no request beyond loopback', () => {
      expect(browser.blocked.length === 0, `blocked: ${listed(browser.blocked)}`);
    });
  },
});
