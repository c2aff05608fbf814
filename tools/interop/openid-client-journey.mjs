#!/usr/bin/env node
// The seed guide's journey, driven by the real OAuth client library openid-client (v6, built on
// oauth4webapi; its own API and checks, no workarounds) against oauth-mock-server over HTTPS with its
// generated CA.
//
//   node openid-client-journey.mjs --server PATH/oauth-mock-server [--config PATH/connectbase.json]
//
// mock-server-child.mjs starts the server, re-runs this script as a child that trusts the server's CA
// (NODE_EXTRA_CA_CERTS) and always stops the server: on success, failure, signals and the overall
// timeout. Exit codes: 0 all steps passed, 1 a step failed, 77 skipped (npm ci not run).

import {
  expect, expectBuildings, fetchLoginPage, runInteropJourney, step, submitLogin,
} from './mock-server-child.mjs';

await runInteropJourney({ scriptUrl: import.meta.url, library: 'openid-client', journey: runJourney });

// ---------------------------------------------------------------------------------------------------
// Child: the journey, with openid-client's own functions and checks.

async function runJourney({ baseUrl, issuer: issuerText }) {
  const client = await import('openid-client');
  const REDIRECT_URI = 'http://127.0.0.1:3000/callback';
  const SCOPE = 'read:buildings write:addresses';
  const buildingsUrl = new URL('/v2/buildings', baseUrl);

  // openid-client's default discovery reads /.well-known/openid-configuration (the mock serves it next
  // to RFC 8414's oauth-authorization-server, which the oauth4webapi journey reads) and checks that the
  // metadata's issuer is the issuer the server printed.
  let config;
  await step('discovery', async () => {
    config = await client.discovery(new URL(issuerText), 'connectbase-web', undefined, client.None());
    const metadata = config.serverMetadata();
    expect(metadata.supportsPKCE('S256'), 'metadata does not list S256 PKCE');
    expect(metadata.revocation_endpoint, 'metadata has no revocation_endpoint');
    return `issuer ${metadata.issuer} (openid-configuration)`;
  });

  let codeVerifier, codeChallenge;
  await step('pkce', async () => {
    codeVerifier = client.randomPKCECodeVerifier();
    codeChallenge = await client.calculatePKCECodeChallenge(codeVerifier);
    return 'S256';
  });

  const state = client.randomState();
  let authorizationUrl;
  await step('authorization-url', () => {
    authorizationUrl = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: SCOPE,
      state,
      code_challenge: codeChallenge,
      code_challenge_method: 'S256',
    });
    expect(authorizationUrl.searchParams.get('response_type') === 'code', 'response_type is not code');
    expect(authorizationUrl.searchParams.get('client_id') === 'connectbase-web', 'client_id missing');
  });

  let loginForm;
  await step('login-page', async () => {
    loginForm = await fetchLoginPage(authorizationUrl);
    return `transaction found, form posts to ${loginForm.action.pathname}`;
  });

  let callbackUrl;
  await step('login', async () => {
    callbackUrl = await submitLogin(loginForm, REDIRECT_URI);
    return `303 to ${callbackUrl.origin}${callbackUrl.pathname}`;
  });

  // authorizationCodeGrant validates the authorization response (state, RFC 9207 iss), takes the
  // redirect_uri from the callback URL without its parameters, and sends the PKCE verifier.
  let tokens;
  await step('code-exchange', async () => {
    tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: codeVerifier,
      expectedState: state,
    });
    expect(tokens.token_type === 'bearer', `token_type ${tokens.token_type}`);
    expect(tokens.refresh_token, 'no refresh_token');
    return `state and iss checked (iss=${callbackUrl.searchParams.get('iss')}), ` +
      `scope "${tokens.scope}", expires_in ${tokens.expiresIn()}`;
  });

  await step('api', async () => {
    const response = await client.fetchProtectedResource(config, tokens.access_token, buildingsUrl, 'GET');
    return expectBuildings(response);
  });

  let refreshed;
  await step('refresh', async () => {
    refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
    expect(refreshed.refresh_token, 'refresh response has no refresh_token');
    expect(refreshed.refresh_token !== tokens.refresh_token, 'refresh token was not rotated');
    expect(refreshed.access_token !== tokens.access_token, 'access token was not renewed');
    return 'new refresh token (rotated)';
  });

  await step('api-after-refresh', async () => {
    const response = await client.fetchProtectedResource(config, refreshed.access_token, buildingsUrl, 'GET');
    return `new access token: ${await expectBuildings(response)}`;
  });

  await step('revoke', async () => {
    await client.tokenRevocation(config, refreshed.refresh_token, { token_type_hint: 'refresh_token' });
    return 'newest refresh token revoked';
  });

  await step('api-after-revoke', async () => {
    let response;
    try {
      response = await client.fetchProtectedResource(config, refreshed.access_token, buildingsUrl, 'GET');
    } catch (err) {
      if (!(err instanceof client.WWWAuthenticateChallengeError)) throw err;
      expect(err.response.status === 401, `status ${err.response.status}, expected 401`);
      const bearer = err.cause.find((c) => c.scheme === 'bearer');
      expect(bearer, `no Bearer challenge in ${err.response.headers.get('www-authenticate')}`);
      expect(bearer.parameters.error === 'invalid_token', `error="${bearer.parameters.error}", expected invalid_token`);
      return '401 WWW-Authenticate: Bearer error="invalid_token"';
    }
    throw new Error(`expected 401 with a Bearer challenge, got ${response.status} ` +
      `(WWW-Authenticate: ${response.headers.get('www-authenticate')})`);
  });

  await step('refresh-revoked', async () => {
    try {
      await client.refreshTokenGrant(config, refreshed.refresh_token);
    } catch (err) {
      if (!(err instanceof client.ResponseBodyError)) throw err;
      expect(err.error === 'invalid_grant', `error ${err.error}, expected invalid_grant`);
      return `${err.status} invalid_grant`;
    }
    throw new Error('a revoked refresh token was accepted');
  });

  await step('client-credentials', async () => {
    const backend = new client.Configuration(config.serverMetadata(), 'connectbase-backend', undefined,
      client.ClientSecretBasic('backend-secret-change-me'));
    const result = await client.clientCredentialsGrant(backend, { scope: 'read:buildings' });
    expect(result.token_type === 'bearer', `token_type ${result.token_type}`);
    expect(result.refresh_token === undefined, 'client_credentials issued a refresh token (RFC 6749 §4.4.3)');
    const api = await client.fetchProtectedResource(backend, result.access_token, buildingsUrl, 'GET');
    return `ClientSecretBasic, then ${await expectBuildings(api)}`;
  });

  console.log('ok journey complete');
  process.exit(0);
}
