#!/usr/bin/env node
// The login page is usable with the keyboard alone: from a fresh page, Tab reaches the user field, the
// password field, "Sign in and allow" and "Deny" in that order, each with a visible focus indicator,
// and Enter on "Sign in and allow" completes the login. No mouse event and no Playwright fill/click:
// only Tab, Shift+Tab, typed keys and Enter. Screenshot: <out>/1-focus-on-approve.png.
//
//   node login-keyboard-only.mjs --mock-server PATH/oauth-mock-server --out DIR

import { launchChromium, screenshot } from './lib/chromium.mjs';
import { expect, runBrowserTest, step } from './lib/harness.mjs';
import { startMockServer } from './lib/mock-server.mjs';
import { authorizationRequest, startTestApplication } from './lib/test-application.mjs';

await runBrowserTest({
  name: 'login-keyboard-only',
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
    const { keyboard } = page;
    const request = authorizationRequest(mock, app.redirectUri);

    /// The focused element's id, and whether it shows a focus indicator (:focus-visible with an outline).
    const focused = () => page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      const ring = el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      return { id: el.id || el.tagName, ring };
    });
    const tabTo = async (key, wanted) => {
      await keyboard.press(key);
      const f = await focused();
      expect(f.id === wanted, `${key} moved the focus to ${f.id}, expected ${wanted}`);
      expect(f.ring, `${wanted} has the focus but no visible focus indicator`);
    };

    await step('login page', async () => {
      await page.goto(request.url);
      expect((await focused()).id === 'BODY', 'something has the focus before any key');
    });
    await step('Tab to the user field, type', async () => {
      await tabTo('Tab', 'username');
      await keyboard.type('alice');
    });
    await step('Tab to the password field, type', async () => {
      await tabTo('Tab', 'password');
      await keyboard.type('alice-password');
    });
    await step('Tab to the buttons', async () => {
      await tabTo('Tab', 'approve');
      await tabTo('Tab', 'deny');
      await tabTo('Shift+Tab', 'approve');
      await screenshot(page, outDir, '1-focus-on-approve');
      return 'Sign in and allow, Deny, back (each with a focus ring)';
    });
    await step('Enter signs in', async () => {
      const toCallback = page.waitForRequest((r) => r.url().startsWith(`${app.redirectUri}?`));
      await keyboard.press('Enter');
      const p = new URL((await toCallback).url()).searchParams;
      expect(p.get('code') && p.get('state') === request.state && p.get('iss') === mock.issuer,
        `the redirect lacks code, state or iss: ${p}`);
      return 'landed on the redirect URI with code, state, iss';
    });
  },
});
