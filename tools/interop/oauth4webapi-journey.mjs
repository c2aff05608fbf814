#!/usr/bin/env node
// The seed guide's journey, driven by the real OAuth client library oauth4webapi (strict checks, no
// workarounds) against oauth-mock-server over HTTPS with its generated CA.
//
//   node oauth4webapi-journey.mjs --server PATH/oauth-mock-server [--config PATH/connectbase.json]
//
// mock-server-child.mjs starts the server, re-runs this script as a child that trusts the server's CA
// (NODE_EXTRA_CA_CERTS) and always stops the server: on success, failure, signals and the overall
// timeout. Exit codes: 0 all steps passed, 1 a step failed, 77 skipped (npm ci not run).

import {
  expect, expectBuildings, fetchLoginPage, runInteropJourney, step, submitLogin,
} from './mock-server-child.mjs';

await runInteropJourney({ scriptUrl: import.meta.url, library: 'oauth4webapi', journey: runJourney });

// ---------------------------------------------------------------------------------------------------
// Child: the journey, with oauth4webapi's own functions and checks.

async function runJourney({ baseUrl, issuer: issuerText }) {
  const oauth = await import('oauth4webapi');
  const REDIRECT_URI = 'http://127.0.0.1:3000/callback';
  const SCOPE = 'read:buildings write:addresses';
  const web = { client_id: 'connectbase-web', token_endpoint_auth_method: 'none' };
  const backend = { client_id: 'connectbase-backend', token_endpoint_auth_method: 'client_secret_basic' };
  const backendAuth = oauth.ClientSecretBasic('backend-secret-change-me');
  const buildingsUrl = new URL('/v2/buildings', baseUrl);

  const issuer = new URL(issuerText);
  let as;
  await step('discovery', async () => {
    const response = await oauth.discoveryRequest(issuer, { algorithm: 'oauth2' });
    as = await oauth.processDiscoveryResponse(issuer, response);
    expect(as.code_challenge_methods_supported?.includes('S256'), 'metadata does not list S256 PKCE');
    expect(as.revocation_endpoint, 'metadata has no revocation_endpoint');
    return `issuer ${as.issuer}`;
  });

  let codeVerifier, codeChallenge;
  await step('pkce', async () => {
    codeVerifier = oauth.generateRandomCodeVerifier();
    codeChallenge = await oauth.calculatePKCECodeChallenge(codeVerifier);
    return 'S256';
  });

  const state = oauth.generateRandomState();
  let authorizationUrl;
  await step('authorization-url', () => {
    authorizationUrl = new URL(as.authorization_endpoint);
    const p = authorizationUrl.searchParams;
    p.set('response_type', 'code');
    p.set('client_id', web.client_id);
    p.set('redirect_uri', REDIRECT_URI);
    p.set('scope', SCOPE);
    p.set('state', state);
    p.set('code_challenge', codeChallenge);
    p.set('code_challenge_method', 'S256');
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

  let callbackParams;
  await step('authorization-response', () => {
    callbackParams = oauth.validateAuthResponse(as, web, callbackUrl, state);
    return `state and iss checked (iss=${callbackUrl.searchParams.get('iss')})`;
  });

  let tokens;
  await step('code-exchange', async () => {
    const response = await oauth.authorizationCodeGrantRequest(
      as, web, oauth.None(), callbackParams, REDIRECT_URI, codeVerifier);
    tokens = await oauth.processAuthorizationCodeResponse(as, web, response);
    expect(tokens.token_type === 'bearer', `token_type ${tokens.token_type}`);
    expect(tokens.refresh_token, 'no refresh_token');
    return `scope "${tokens.scope}", expires_in ${tokens.expires_in}`;
  });

  await step('api', async () => {
    const response = await oauth.protectedResourceRequest(tokens.access_token, 'GET', buildingsUrl);
    return expectBuildings(response);
  });

  let refreshed;
  await step('refresh', async () => {
    const response = await oauth.refreshTokenGrantRequest(as, web, oauth.None(), tokens.refresh_token);
    refreshed = await oauth.processRefreshTokenResponse(as, web, response);
    expect(refreshed.refresh_token, 'refresh response has no refresh_token');
    expect(refreshed.refresh_token !== tokens.refresh_token, 'refresh token was not rotated');
    expect(refreshed.access_token !== tokens.access_token, 'access token was not renewed');
    return 'new refresh token (rotated)';
  });

  await step('api-after-refresh', async () => {
    const response = await oauth.protectedResourceRequest(refreshed.access_token, 'GET', buildingsUrl);
    return 'new access token: ' + (await expectBuildings(response));
  });

  await step('revoke', async () => {
    const response = await oauth.revocationRequest(as, web, oauth.None(), refreshed.refresh_token, {
      additionalParameters: { token_type_hint: 'refresh_token' },
    });
    await oauth.processRevocationResponse(response);
    return 'refresh token revoked';
  });

  await step('api-after-revoke', async () => {
    let response;
    try {
      response = await oauth.protectedResourceRequest(refreshed.access_token, 'GET', buildingsUrl);
    } catch (err) {
      if (!(err instanceof oauth.WWWAuthenticateChallengeError)) throw err;
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
    const response = await oauth.refreshTokenGrantRequest(as, web, oauth.None(), refreshed.refresh_token);
    try {
      await oauth.processRefreshTokenResponse(as, web, response);
    } catch (err) {
      if (!(err instanceof oauth.ResponseBodyError)) throw err;
      expect(err.error === 'invalid_grant', `error ${err.error}, expected invalid_grant`);
      return `${err.status} invalid_grant`;
    }
    throw new Error('a revoked refresh token was accepted');
  });

  await step('client-credentials', async () => {
    const response = await oauth.clientCredentialsGrantRequest(as, backend, backendAuth, { scope: 'read:buildings' });
    const result = await oauth.processClientCredentialsResponse(as, backend, response);
    expect(result.token_type === 'bearer', `token_type ${result.token_type}`);
    expect(result.refresh_token === undefined, 'client_credentials issued a refresh token (RFC 6749 §4.4.3)');
    const api = await oauth.protectedResourceRequest(result.access_token, 'GET', buildingsUrl);
    return `ClientSecretBasic, then ${await expectBuildings(api)}`;
  });

  console.log('ok journey complete');
  process.exit(0);
}
