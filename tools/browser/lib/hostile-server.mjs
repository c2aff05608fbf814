// A hostile authorization server for the report's escaping test: a minimal code flow that works well
// enough for the runner to record exchanges, where every answer carries markup and script URLs in
// error_description, error_uri, headers, JSON members and names, HTML bodies and redirect parameters.
// Each payload calls __pwned('<where>'): a test that exposes that function sees which one ran.

import { html, startHttpServer } from './http-server.mjs';

/// The attack strings, each naming where it was put.
export function payloads(where) {
  return [
    `<script>__pwned('script:${where}')</script>`,
    `<img src=x onerror="__pwned('img:${where}')">`,
    `"><svg onload=__pwned('svg:${where}')>`,
    `javascript:__pwned('url:${where}')`,
  ];
}
const all = (where) => payloads(where).join(' ');

/// Resolves with {baseUrl, close}.
export async function startHostileServer() {
  let base;
  const hostileHeaders = (where) => ({ 'X-Hostile': all(`header:${where}`), Link: `<javascript:__pwned('link:${where}')>; rel="help"` });
  const jsonError = (status, where, extra = {}) => ({
    status,
    headers: { 'Content-Type': 'application/json', ...hostileHeaders(where), ...extra },
    body: JSON.stringify({
      error: 'invalid_request',
      error_description: all(`error_description:${where}`),
      error_uri: `javascript:__pwned('error_uri:${where}')`,
      [`<img src=x onerror=__pwned('member-name:${where}')>`]: all(`member:${where}`),
    }),
  });

  const server = await startHttpServer((request, url, body) => {
    const path = url.pathname;
    if (path.startsWith('/.well-known/')) {
      return {
        headers: { 'Content-Type': 'application/json', ...hostileHeaders('metadata') },
        body: JSON.stringify({
          issuer: base,
          authorization_endpoint: `${base}/authorize`,
          token_endpoint: `${base}/token`,
          revocation_endpoint: `${base}/revoke`,
          introspection_endpoint: `${base}/introspect`,
          response_types_supported: ['code'],
          grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
          code_challenge_methods_supported: ['S256'],
          authorization_response_iss_parameter_supported: true,
          service_documentation: `javascript:__pwned('service_documentation')`,
          op_policy_uri: all('op_policy_uri'),
        }),
      };
    }
    if (path === '/authorize') {
      const state = url.searchParams.get('state') ?? '';
      return html(`<!DOCTYPE html><html><head><title>${all('login-title')}</title></head><body>` +
        `<h1>Sign in</h1><p>${all('login-page')}</p><a href="javascript:__pwned('login-link')">help</a>` +
        `<form method="post" action="/login"><input type="hidden" name="state" value="${escapeAttribute(state)}">` +
        `<input type="hidden" name="redirect_uri" value="${escapeAttribute(url.searchParams.get('redirect_uri') ?? '')}">` +
        `<input name="username"><input type="password" name="password">` +
        `<button name="decision" value="approve">Allow</button><button name="decision" value="deny">Deny</button>` +
        `</form></body></html>`, hostileHeaders('login-page'));
    }
    if (path === '/login' && request.method === 'POST') {
      const form = new URLSearchParams(body);
      const target = new URL(form.get('redirect_uri') || 'http://127.0.0.1:3000/callback');
      target.searchParams.set('code', all('code'));
      target.searchParams.set('state', form.get('state') ?? '');
      target.searchParams.set('iss', base);
      target.searchParams.set('error_description', all('redirect-error_description'));
      return { status: 303, headers: { Location: target.href, ...hostileHeaders('login') } };
    }
    if (path === '/token' || path === '/revoke' || path === '/introspect') {
      return jsonError(400, path.slice(1), { 'Cache-Control': 'no-store' });
    }
    if (path.startsWith('/v2/')) {
      return jsonError(401, 'api', {
        'WWW-Authenticate': `Bearer realm="<img src=x onerror=__pwned('realm')>", error="invalid_token", ` +
          `error_description="javascript:__pwned('www-authenticate')"`,
      });
    }
    return { status: 404, headers: { 'Content-Type': 'text/html', ...hostileHeaders('404') }, body: all('404') };
  });
  base = server.baseUrl;
  return server;
}

function escapeAttribute(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
