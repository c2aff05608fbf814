// The application's side of the seed guide's journey, in the browser: PKCE pair (step 2), authorization
// URL and redirect (step 3), then on the callback page: state and iss checked, code exchanged (step 4),
// GET /v2/buildings with the access token (step 5). Everything shown is set as text, never as HTML.
'use strict';

function base64UrlEncode(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function generateCodeVerifier() {
  const array = new Uint8Array(32);
  crypto.getRandomValues(array);
  return base64UrlEncode(array);
}

async function sha256(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return base64UrlEncode(new Uint8Array(digest));
}

function show(state, text) {
  const status = document.getElementById('status');
  status.dataset.state = state;
  status.textContent = text;
}

async function loadConfig() {
  const config = await (await fetch('/config.json')).json();
  const metadataUrl = `${config.issuer}/.well-known/oauth-authorization-server`;
  config.metadata = await (await fetch(metadataUrl)).json();
  return config;
}

async function signIn() {
  const config = await loadConfig();
  const codeVerifier = generateCodeVerifier();
  const codeChallenge = await sha256(codeVerifier);
  const state = generateCodeVerifier();
  sessionStorage.setItem('login', JSON.stringify({ codeVerifier, state }));

  const authUrl = new URL(config.metadata.authorization_endpoint);
  authUrl.searchParams.set('client_id', config.clientId);
  authUrl.searchParams.set('redirect_uri', config.redirectUri);
  authUrl.searchParams.set('response_type', 'code');
  authUrl.searchParams.set('code_challenge', codeChallenge);
  authUrl.searchParams.set('code_challenge_method', 'S256');
  authUrl.searchParams.set('scope', config.scope);
  authUrl.searchParams.set('state', state);
  show('redirecting', 'Redirecting to the authorization server…');
  location.assign(authUrl.href);
}

async function handleCallback() {
  const params = new URLSearchParams(location.search);
  history.replaceState(null, '', location.pathname); // the code does not stay in the address bar
  const login = JSON.parse(sessionStorage.getItem('login') || 'null');
  sessionStorage.removeItem('login');
  const config = await loadConfig();
  if (!login) return show('error', 'No sign-in in progress.');
  if (params.get('state') !== login.state) return show('error', 'The state does not match: not our sign-in.');
  if (params.get('iss') !== config.metadata.issuer) return show('error', `Unexpected iss: ${params.get('iss')}`);
  if (params.has('error')) {
    const description = params.get('error_description');
    return show('denied', `Sign-in refused: ${params.get('error')}${description ? ` (${description})` : ''}`);
  }

  const tokenResponse = await fetch(config.metadata.token_endpoint, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code'),
      redirect_uri: config.redirectUri,
      client_id: config.clientId,
      code_verifier: login.codeVerifier,
    }),
  });
  const tokens = await tokenResponse.json();
  if (!tokenResponse.ok) return show('error', `Token request failed: ${tokens.error} ${tokens.error_description ?? ''}`);

  const api = await fetch(config.apiUrl, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
  if (!api.ok) return show('error', `GET /v2/buildings answered ${api.status}`);
  const { buildings } = await api.json();
  const list = document.getElementById('buildings');
  for (const building of buildings) {
    const item = document.createElement('li');
    item.textContent = Object.values(building).filter((v) => typeof v === 'string').join(' · ');
    list.append(item);
  }
  show('done', `Signed in (scope "${tokens.scope}"): GET /v2/buildings answered ${api.status} with ${buildings.length} buildings.`);
}

function fail(err) {
  show('error', `The application failed: ${err.message}`);
}

if (location.pathname === '/callback') {
  handleCallback().catch(fail);
} else {
  document.getElementById('sign-in').addEventListener('click', () => signIn().catch(fail));
}
