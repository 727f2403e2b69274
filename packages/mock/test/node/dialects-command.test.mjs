// `pwless-mock --dialect`: the vendor variants over real HTTP, with their base URL printed, their
// dev endpoints, and CORS with credentials for registered origins only.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const command = fileURLToPath(new URL('../../bin/pwless-mock.js', import.meta.url));

/** Starts the command and resolves with the base URL it printed. */
async function startCommand(...args) {
  const child = spawn(process.execPath, [command, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8');
  const baseUrl = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /issuer (http:\/\/127\.0\.0\.1:\d+\S*)\n/.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
  });
  return { child, baseUrl, output: () => output };
}

async function stop(child) {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

async function withCommand(args, use) {
  const running = await startCommand(...args);
  try {
    await use(running);
  } finally {
    await stop(running.child);
  }
}

const preflight = (url, origin, headers) =>
  fetch(url, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': headers } });

describe('pwless-mock --dialect', () => {
  it('appwrite: prints the endpoint with /v1 and answers the Account API and the dev endpoints there', async () => {
    await withCommand(['--dialect', 'appwrite'], async ({ baseUrl, output }) => {
      assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      assert.match(output(), /^pwless-mock \(appwrite\) issuer /);
      const token = await fetch(`${baseUrl}/account/tokens/email`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Appwrite-Project': 'pwless-demo' },
        body: JSON.stringify({ userId: 'unique()', email: 'ada@example.com' }),
      });
      assert.equal(token.status, 201);
      const inbox = await (await fetch(`${baseUrl}/_mock/inbox`)).json();
      assert.equal(inbox.at(-1).to, 'ada@example.com');
    });
  });

  it('appwrite: CORS with credentials for a platform host, nothing for other origins, and unknown origins refused', async () => {
    await withCommand(['--dialect', 'appwrite'], async ({ baseUrl }) => {
      const allowed = await preflight(`${baseUrl}/account/tokens/email`, 'http://localhost:5173', 'content-type, x-appwrite-project, x-fallback-cookies');
      assert.equal(allowed.status, 204);
      assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://localhost:5173');
      assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
      assert.match(allowed.headers.get('access-control-allow-headers'), /X-Fallback-Cookies/);
      assert.match(allowed.headers.get('access-control-expose-headers'), /X-Fallback-Cookies/);
      const other = await preflight(`${baseUrl}/account/tokens/email`, 'https://evil.example', 'content-type');
      assert.equal(other.headers.get('access-control-allow-origin'), null);
      const refused = await fetch(`${baseUrl}/account/tokens/email`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Appwrite-Project': 'pwless-demo', Origin: 'https://evil.example' },
        body: JSON.stringify({ userId: 'unique()', email: 'ada@example.com' }),
      });
      assert.equal(refused.status, 403);
      assert.equal((await refused.json()).type, 'general_unknown_origin');
    });
  });

  it('firebase: prints the base URL and answers the Identity Toolkit and secure token paths under it, like the Auth emulator', async () => {
    await withCommand(['--dialect', 'firebase'], async ({ baseUrl, output }) => {
      assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(output(), /^pwless-mock \(firebase\) issuer /);
      const allowed = await preflight(`${baseUrl}/identitytoolkit.googleapis.com/v1/accounts:sendOobCode?key=pwless-demo`, 'http://localhost:5173', 'content-type, x-client-version, x-firebase-locale');
      assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://localhost:5173');
      assert.match(allowed.headers.get('access-control-allow-headers'), /x-client-version/);
      assert.equal(allowed.headers.get('access-control-allow-credentials'), null, 'no cookies are involved');
      const sent = await fetch(`${baseUrl}/identitytoolkit.googleapis.com/v1/accounts:sendOobCode?key=pwless-demo`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ requestType: 'EMAIL_SIGNIN', email: 'ada@example.com', continueUrl: 'http://localhost:5173/', canHandleCodeInApp: true }),
      });
      assert.equal(sent.status, 200);
      assert.deepEqual(await sent.json(), { kind: 'identitytoolkit#GetOobConfirmationCodeResponse', email: 'ada@example.com' });
      const { link } = (await (await fetch(`${baseUrl}/_mock/inbox`)).json()).at(-1);
      const oobCode = new URL(link).searchParams.get('oobCode');
      const signIn = await fetch(`${baseUrl}/identitytoolkit.googleapis.com/v1/accounts:signInWithEmailLink?key=pwless-demo`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'ada@example.com', oobCode }),
      });
      const tokens = await signIn.json();
      assert.equal(tokens.expiresIn, '3600');
      const renewed = await fetch(`${baseUrl}/securetoken.googleapis.com/v1/token?key=pwless-demo`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken }),
      });
      assert.equal((await renewed.json()).user_id, tokens.localId);
      const again = await fetch(`${baseUrl}/identitytoolkit.googleapis.com/v1/accounts:signInWithEmailLink?key=pwless-demo`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'ada@example.com', oobCode }),
      });
      assert.equal(again.status, 400);
      assert.equal((await again.json()).error.message, 'INVALID_OOB_CODE');
    });
  });

  it('kratos: prints its public URL and answers the browser flows and the dev endpoints there', async () => {
    await withCommand(['--dialect', 'kratos'], async ({ baseUrl }) => {
      assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      const flow = await fetch(`${baseUrl}/self-service/login/browser`, { headers: { Accept: 'application/json' } });
      assert.equal(flow.status, 200);
      assert.equal((await flow.json()).state, 'choose_method');
      assert.ok(flow.headers.getSetCookie().some((line) => line.startsWith('csrf_token_')), 'the anti-CSRF cookie is set');
      assert.equal((await fetch(`${baseUrl}/_mock/config`)).status, 200);
    });
  });

  it('kratos: CORS with credentials for allowed origins only', async () => {
    await withCommand(['--dialect', 'kratos'], async ({ baseUrl }) => {
      const allowed = await preflight(`${baseUrl}/self-service/login`, 'http://127.0.0.1:5173', 'content-type');
      assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://127.0.0.1:5173');
      assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
      const other = await preflight(`${baseUrl}/self-service/login`, 'https://evil.example', 'content-type');
      assert.equal(other.headers.get('access-control-allow-origin'), null);
    });
  });

  it('stytch: prints the API base, answers the frontend SDK calls with Basic auth from the public token, CORS with credentials for registered origins only', async () => {
    await withCommand(['--dialect', 'stytch'], async ({ baseUrl, output }) => {
      assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(output(), /^pwless-mock \(stytch\) issuer /);
      const send = (authorization, origin) =>
        fetch(`${baseUrl}/sdk/v1/otps/email/login_or_create`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: authorization, ...(origin ? { Origin: origin } : {}) },
          body: JSON.stringify({ email: 'ada@example.com' }),
        });
      const sent = await send(`Basic ${btoa('pwless-demo:pwless-demo')}`);
      assert.equal(sent.status, 200);
      assert.match((await sent.json()).data.method_id, /^email-test-/);
      assert.equal((await (await fetch(`${baseUrl}/_mock/inbox`)).json()).at(-1).to, 'ada@example.com');
      const unknown = await send(`Basic ${btoa('public-token-test-nobody:public-token-test-nobody')}`);
      assert.equal(unknown.status, 401);
      assert.deepEqual(Object.keys(await unknown.json()).sort(), ['error_message', 'error_type', 'error_url', 'request_id', 'status_code']);
      const allowed = await preflight(`${baseUrl}/sdk/v1/otps/authenticate`, 'http://localhost:5173', 'authorization, content-type, x-sdk-client, x-sdk-parent-host');
      assert.equal(allowed.status, 204);
      assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://localhost:5173');
      assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
      assert.match(allowed.headers.get('access-control-allow-headers'), /X-SDK-Client/);
      const other = await preflight(`${baseUrl}/sdk/v1/otps/authenticate`, 'https://evil.example', 'authorization');
      assert.equal(other.headers.get('access-control-allow-origin'), null);
      const refused = await send(`Basic ${btoa('pwless-demo:pwless-demo')}`, 'https://evil.example');
      assert.equal(refused.status, 403);
      assert.equal((await refused.json()).error_type, 'bad_domain_for_stytch_sdk');
    });
  });

  it('refuses an unknown dialect with a message that names the choices', async () => {
    const child = spawn(process.execPath, [command, '--port', '0', '--dialect', 'nope'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let error = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => (error += chunk));
    const [code] = await once(child, 'exit');
    assert.equal(code, 2);
    assert.match(error, /--dialect must be one of pwless, .*appwrite.*kratos/);
  });
});
