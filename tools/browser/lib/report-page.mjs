// Opens an HTML file from disk (file://) in chromium and watches everything it does: every request,
// console errors and page errors, and any script execution a hostile value could cause (a call of
// __pwned, a dialog, a popup, a navigation away from the file).

import { pathToFileURL } from 'node:url';
import { watchConsole } from './chromium.mjs';

/// Resolves with {page, url, requests, console, executions}; browser comes from launchChromium().
export async function openFromDisk(browser, file) {
  const { context, page } = browser;
  const url = pathToFileURL(file).href;
  const requests = [];
  const executions = [];
  await context.exposeBinding('__pwned', (source, where) => { executions.push(`__pwned('${where}')`); });
  context.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (dialog) => {
    executions.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  context.on('page', (popup) => executions.push(`popup: ${popup.url()}`));
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && frame.url() !== url) executions.push(`navigation to ${frame.url()}`);
  });
  const console_ = watchConsole(page);
  await page.goto(url);
  return { page, url, requests, console: console_, executions };
}
