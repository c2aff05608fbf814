#!/usr/bin/env node
// The login journey as a person does it, in headless chromium: the test application (application/)
// makes the PKCE pair and the authorization URL, the browser follows it to oauth-mock-server's login
// page, the user picks alice from the page's user list, types the password and approves; the browser
// lands on the application's redirect URI with code, state and iss, and the page exchanges the code
// and shows GET /v2/buildings. Then the same with "Deny", which must end at error=access_denied.
// Screenshots of each step: <out>/approve-*.png, <out>/deny-*.png.
//
//   node login-journey.mjs --mock-server PATH/oauth-mock-server --out DIR

import { launchChromium, screenshot, watchConsole } from './lib/chromium.mjs';
import { expect, listed, runBrowserTest, step, within } from './lib/harness.mjs';
import { startMockServer } from './lib/mock-server.mjs';
import { startTestApplication } from './lib/test-application.mjs';

await runBrowserTest({
  name: 'login-journey',
  timeoutMs: 90_000,
  needs: ['mockServer'],
  run: async ({ args, outDir }) => {
    let mock, app;
    await step('mock-server', async () => {
      mock = await startMockServer(args.mockServer);
      return mock.baseUrl;
    });
    await step('application', async () => {
      app = await startTestApplication(mock);
      return app.baseUrl;
    });
    await journey({ mock, app, outDir, decision: 'approve' });
    await journey({ mock, app, outDir, decision: 'deny' });
  },
});

async function journey({ mock, app, outDir, decision }) {
  const browser = await launchChromium();
  const { page } = browser;
  const console_ = watchConsole(page);
  const tokenRequests = [];
  page.on('request', (r) => { if (r.url().startsWith(`${mock.baseUrl}/token`)) tokenRequests.push(r.method()); });
  const shot = (name) => screenshot(page, outDir, `${decision}-${name}`);

  await step(`${decision}: application page`, async () => {
    await page.goto(app.baseUrl);
    await page.getByRole('button', { name: 'Sign in with ConnectBase' }).waitFor();
    await shot('1-application');
  });

  let authorizeUrl;
  await step(`${decision}: to the login page`, async () => {
    const toAuthorize = page.waitForRequest((r) => r.url().startsWith(`${mock.baseUrl}/authorize?`));
    await page.getByRole('button', { name: 'Sign in with ConnectBase' }).click();
    authorizeUrl = new URL((await toAuthorize).url());
    await page.waitForURL((u) => u.href.startsWith(`${mock.baseUrl}/authorize`));
    const p = authorizeUrl.searchParams;
    expect(p.get('client_id') === 'connectbase-web', `client_id ${p.get('client_id')}`);
    expect(p.get('redirect_uri') === app.redirectUri, `redirect_uri ${p.get('redirect_uri')}`);
    expect(p.get('code_challenge_method') === 'S256' && /^[\w-]{43}$/.test(p.get('code_challenge') ?? ''),
      `PKCE parameters: ${p.get('code_challenge_method')} ${p.get('code_challenge')}`);
    expect((p.get('state') ?? '').length >= 22, 'no state of enough entropy');
    expect(await page.title() === 'Sign in - oauth-mock-server', `title "${await page.title()}"`);
    expect(await page.locator('#client').textContent() === 'connectbase-web', 'the page does not name the client');
    const scopes = await page.locator('#scopes li').allTextContents();
    expect(scopes.join(' ') === 'read:buildings write:addresses', `scopes shown: ${scopes.join(', ')}`);
    await shot('2-login-page');
    return `scopes ${scopes.join(', ')}`;
  });

  await step(`${decision}: pick a user`, async () => {
    const users = await page.locator('#users option').evaluateAll((options) => options.map((o) => o.value));
    expect(users.includes('alice') && users.includes('bob'), `user list: ${users.join(', ')}`);
    await page.getByLabel('User').fill(users[users.indexOf('alice')]);
    await page.getByLabel('Password').fill('alice-password');
    await shot('3-filled');
    return `alice from [${users.join(', ')}]`;
  });

  let callbackUrl;
  await step(`${decision}: ${decision === 'approve' ? 'Sign in and allow' : 'Deny'}`, async () => {
    const loginResponse = page.waitForResponse((r) => r.url() === `${mock.baseUrl}/login`);
    const toCallback = page.waitForRequest((r) => r.url().startsWith(`${app.redirectUri}?`));
    await page.getByRole('button', { name: decision === 'approve' ? 'Sign in and allow' : 'Deny' }).click();
    const status = (await loginResponse).status();
    expect(status === 303, `POST /login answered ${status}, expected 303`);
    callbackUrl = new URL((await toCallback).url());
    const p = callbackUrl.searchParams;
    expect(p.get('state') === authorizeUrl.searchParams.get('state'), `state ${p.get('state')} is not the one sent`);
    expect(p.get('iss') === mock.issuer, `iss ${p.get('iss')}, expected ${mock.issuer}`);
    if (decision === 'approve') {
      expect(p.get('code') && !p.has('error'), `no code: ${callbackUrl.search}`);
    } else {
      expect(p.get('error') === 'access_denied' && !p.has('code'), `expected error=access_denied: ${callbackUrl.search}`);
    }
    return `303 to ${callbackUrl.pathname} with ${[...p.keys()].join(', ')}`;
  });

  await step(`${decision}: the application's result`, async () => {
    const tokenResponse = decision === 'approve'
      ? page.waitForResponse((r) => r.url() === `${mock.baseUrl}/token` && r.request().method() === 'POST')
      : undefined;
    const status = page.locator('#status:not([data-state="working"])');
    await status.waitFor();
    const state = await status.getAttribute('data-state');
    const text = await status.textContent();
    if (decision === 'approve') {
      expect(state === 'done', `the application says: ${text}`);
      expect((await within(5000, 'token response', tokenResponse)).status() === 200, 'token response not 200');
      const buildings = await page.locator('#buildings li').count();
      expect(buildings === 3, `${buildings} buildings shown, expected 3`);
      expect(!page.url().includes('code='), 'the code is still in the address bar');
    } else {
      expect(state === 'denied' && text.includes('access_denied'), `the application says: ${text}`);
      expect(tokenRequests.length === 0, `the application called /token after a denial: ${tokenRequests.join(', ')}`);
    }
    await shot('4-result');
    return text;
  });

  await step(`${decision}: no console errors, no request beyond loopback`, async () => {
    expect(console_.errors().length === 0, `console errors: ${listed(console_.errors())}`);
    expect(browser.blocked.length === 0, `requests beyond loopback: ${listed(browser.blocked)}`);
  });
  await browser.close();
}
