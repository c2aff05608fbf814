// The application in the login tests: tools/browser/application/ served on 127.0.0.1 (its redirect URI
// http://127.0.0.1:<port>/callback is the connectbase-web client's loopback URI with another port,
// RFC 8252 §7.3), plus a page that tries to frame a URL. Also the same steps done in Node for the tests
// that start at the login page: the PKCE pair, the authorization URL and the code exchange.

import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { html, startHttpServer } from './http-server.mjs';

const APPLICATION_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'application');
const CLIENT_ID = 'connectbase-web';
const SCOPE = 'read:buildings write:addresses';
const FILES = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/callback': ['callback.html', 'text/html; charset=utf-8'],
  '/application.js': ['application.js', 'text/javascript; charset=utf-8'],
  '/application.css': ['application.css', 'text/css; charset=utf-8'],
};

/// Resolves with {baseUrl, redirectUri}; mock is {baseUrl, issuer} of the running oauth-mock-server.
export async function startTestApplication(mock) {
  let redirectUri;
  const server = await startHttpServer((request, url) => {
    if (url.pathname === '/config.json') {
      const config = { issuer: mock.issuer, clientId: CLIENT_ID, redirectUri, scope: SCOPE,
        apiUrl: new URL('/v2/buildings', mock.baseUrl).href };
      return { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(config) };
    }
    if (url.pathname === '/frame') {
      const src = escapeHtml(url.searchParams.get('src') ?? '');
      return html(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Framing page</title></head>` +
        `<body><h1>A page that frames the login page</h1><iframe id="framed" src="${src}" width="600" height="500">` +
        `</iframe></body></html>`);
    }
    const file = FILES[url.pathname];
    if (!file) return undefined;
    return { headers: { 'Content-Type': file[1] }, body: readFileSync(join(APPLICATION_DIR, file[0])) };
  });
  redirectUri = `${server.baseUrl}/callback`;
  return { baseUrl: server.baseUrl, redirectUri };
}

/// The seed guide's steps 2–3 in Node: {url, state, codeVerifier} of a fresh authorization request.
export function authorizationRequest(mock, redirectUri) {
  const codeVerifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const url = new URL('/authorize', mock.baseUrl);
  url.search = new URLSearchParams({
    client_id: CLIENT_ID, redirect_uri: redirectUri, response_type: 'code', scope: SCOPE, state,
    code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'), code_challenge_method: 'S256',
  }).toString();
  return { url: url.href, state, codeVerifier };
}

/// Step 4 in Node: the token response as JSON (throws unless 200 with an access_token).
export async function exchangeCode(mock, redirectUri, code, codeVerifier) {
  const response = await fetch(new URL('/token', mock.baseUrl), {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri,
      client_id: CLIENT_ID, code_verifier: codeVerifier }),
  });
  const body = await response.json();
  if (response.status !== 200 || !body.access_token) {
    throw new Error(`token request answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return body;
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
