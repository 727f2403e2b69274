import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { newClientSecret } from './clients.js';
import { completeConfig, ConfigError, loadConfig, type ClientConfig, type ProviderConfig } from './config.js';
import { devClientId, devClientSecret } from './dev-app.js';
import { rotateKeys, generateKeys } from './keys.js';
import { openStore } from './open-store.js';
import { StoreError } from './store.js';
import { addUser, parseClaim, removeUser, UserError } from './users.js';

const usage = `Usage:
  pwless-provider --config FILE            start the provider (prints its issuer URL)
  pwless-provider --dev [--port N]         try it offline: demo app, demo user, mail catcher
  pwless-provider users add EMAIL --config FILE [--name NAME] [--claim key=value]...
  pwless-provider users list --config FILE
  pwless-provider users remove EMAIL --config FILE
  pwless-provider clients add NAME --redirect-uri URI [--redirect-uri URI]... --config FILE [--public]
  pwless-provider keys rotate --config FILE
`;

const options = {
  config: { type: 'string' },
  dev: { type: 'boolean' },
  port: { type: 'string' },
  name: { type: 'string' },
  claim: { type: 'string', multiple: true },
  'redirect-uri': { type: 'string', multiple: true },
  'post-logout-redirect-uri': { type: 'string', multiple: true },
  public: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Write = (text: string) => void;

function devConfig(port: number): ProviderConfig {
  // localhost, not 127.0.0.1: browsers take no IP address as passkey RP ID.
  const issuer = `http://localhost:${port}`;
  return completeConfig(
    {
      issuer,
      port,
      dataDir: '.pwless-provider-dev',
      signups: false,
      clients: [
        {
          client_id: devClientId,
          client_name: 'Demo app',
          client_secret: devClientSecret,
          token_endpoint_auth_method: 'client_secret_basic',
          redirect_uris: [`${issuer}/dev/app/callback`],
          post_logout_redirect_uris: [`${issuer}/dev/app`],
        },
      ],
    },
    process.cwd(),
    { dev: true, env: {} },
  );
}

async function serve(config: ProviderConfig, out: Write, err: Write): Promise<number> {
  // Loaded only to serve: oidc-provider is not needed to manage users, clients or keys.
  const { startProvider } = await import('./server.js');
  const running = await startProvider(config);
  if (config.dev) {
    await running.store.transact((data) => {
      if (!Object.values(data.rules.users).some((user) => user.email === 'demo@example.com')) addUser(data, { address: 'demo@example.com', name: 'Demo User' });
    });
  }
  out(`pwless-provider: issuer ${running.issuer} (listening on ${running.url})\n`);
  if (config.dev) {
    out(`  demo app:     ${running.issuer}/dev/app  (sign in as demo@example.com)\n`);
    out(`  mail catcher: ${running.issuer}/dev/mail\n`);
  }
  return new Promise<number>((resolveExit) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      err(`pwless-provider: ${signal}, stopping\n`);
      const force = setTimeout(() => resolveExit(1), 10_000);
      force.unref();
      void running.close().then(() => resolveExit(0));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

/** Adds a client to the config file itself (clients live there), keeping the file's other content. */
function addClient(file: string, client: ClientConfig): void {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { clients?: ClientConfig[] };
  raw.clients ??= [];
  if (raw.clients.some((existing) => existing.client_id === client.client_id)) throw new ConfigError(`clients: "${client.client_id}" exists already`);
  raw.clients.push(client);
  completeConfig(raw as Record<string, unknown>, resolve(file, '..'), { dev: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(raw, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

export async function main(argv: string[], out: Write = (text) => process.stdout.write(text), err: Write = (text) => process.stderr.write(text)): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    if (values.help) {
      out(usage);
      return 0;
    }
    const [command, action, subject] = positionals;
    if (!command) {
      if (values.dev && !values.config) return await serve(devConfig(Number(values.port ?? 9090)), out, err);
      if (!values.config) throw new ConfigError('--config FILE is missing (or use --dev)');
      const overrides = values.port === undefined ? {} : { port: Number(values.port) };
      return await serve(loadConfig(values.config, { dev: values.dev ?? false, overrides }), out, err);
    }
    if (!values.config) throw new ConfigError('--config FILE is missing');
    const config = loadConfig(values.config, { dev: true });
    if (command === 'users' && (action === 'list' || ((action === 'add' || action === 'remove') && subject))) {
      const store = await openStore(config);
      if (action === 'add' && subject) {
        const claims = Object.fromEntries((values.claim ?? []).map(parseClaim));
        const user = await store.transact((data) => addUser(data, { address: subject, ...(values.name ? { name: values.name } : {}), claims })).finally(() => store.close());
        out(`added ${user.email ?? user.phone} (sub ${user.sub})\n`);
        return 0;
      }
      if (action === 'list') {
        const users = await store.read((data) => Object.values(data.rules.users)).finally(() => store.close());
        for (const user of users) out(`${user.email ?? user.phone}\t${user.name ?? ''}\t${JSON.stringify(user.claims ?? {})}\t${user.sub}\n`);
        return 0;
      }
      if (action === 'remove' && subject) {
        const user = await store
          .transact((data) => removeUser(data, subject))
          .then(async (removed) => {
            // Models kept apart from the document (one Redis key each) are ended here.
            await store.models.revokeByAccountId(removed.sub);
            return removed;
          })
          .finally(() => store.close());
        out(`removed ${user.email ?? user.phone}; their sign-ins and tokens are ended\n`);
        return 0;
      }
    }
    if (command === 'clients' && action === 'add' && subject) {
      const redirectUris = values['redirect-uri'] ?? [];
      if (redirectUris.length === 0) throw new ConfigError('--redirect-uri URI is missing');
      const secret = values.public ? undefined : await newClientSecret();
      addClient(values.config, {
        client_id: subject,
        redirect_uris: redirectUris,
        ...(values['post-logout-redirect-uri'] ? { post_logout_redirect_uris: values['post-logout-redirect-uri'] } : {}),
        ...(secret ? { client_secret_hash: secret.hash, token_endpoint_auth_method: 'client_secret_basic' as const } : { token_endpoint_auth_method: 'none' as const }),
      });
      out(`added client ${subject} to ${values.config}\n`);
      if (secret) out(`client secret (shown once, stored only as a hash): ${secret.secret}\n`);
      out('restart the provider for it to take effect\n');
      return 0;
    }
    if (command === 'keys' && action === 'rotate') {
      const store = await openStore(config);
      const keys = await store.transact(async (data) => (data.keys = await rotateKeys(data.keys ?? (await generateKeys())))).finally(() => store.close());
      out(`new signing keys ${keys.signing.slice(0, 2).map((key) => key.kid).join(', ')}; old keys stay published for a day; restart the provider to sign with the new ones\n`);
      return 0;
    }
    err(usage);
    return 2;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StoreError || error instanceof UserError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`pwless-provider: ${(error as Error).message}\n`);
      return 2;
    }
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      err(`pwless-provider: the port is taken (${(error as Error).message})\n`);
      return 2;
    }
    throw error;
  }
}
