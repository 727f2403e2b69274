import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { MockClient, MockConfig } from './config.js';
import { dialects, type Dialect } from './dialects/index.js';
import { startHttpServer } from './server.js';

const usage = `Usage: pwless-mock [--port 8787] [--config file.json] [--dialect ${dialects.join('|')}]

Serves the offline passwordless OpenID provider on http://127.0.0.1:<port>, or a mock of a
vendor's API (--dialect), and prints its issuer (for a vendor: its base URL).
--port     TCP port (0 picks a free one). Default 8787.
--config   JSON file: policies ({"codeLength": 8, ...}), or {"config": {...}, "clients": [...]}.
--dialect  whose API to speak. Default pwless.`;

interface ConfigFile {
  config?: Partial<MockConfig>;
  clients?: MockClient[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isClient(value: unknown): value is MockClient {
  const strings = (list: unknown) => Array.isArray(list) && list.every((item) => typeof item === 'string');
  return isObject(value) && typeof value.clientId === 'string' && strings(value.origins) && strings(value.redirectUris) &&
    strings(value.linkUris) && typeof value.allowLoopback === 'boolean' &&
    (value.postLogoutRedirectUris === undefined || strings(value.postLogoutRedirectUris));
}

async function readConfigFile(path: string): Promise<ConfigFile> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (!isObject(parsed)) throw new TypeError(`${path} must hold a JSON object`);
  if (!('config' in parsed) && !('clients' in parsed)) return { config: parsed as Partial<MockConfig> };
  const { config, clients } = parsed;
  if (config !== undefined && !isObject(config)) throw new TypeError(`"config" in ${path} must be an object`);
  if (clients !== undefined && !(Array.isArray(clients) && clients.every(isClient))) {
    throw new TypeError(`"clients" in ${path} must be a list of {clientId, origins, redirectUris, linkUris, allowLoopback}`);
  }
  return { ...(config ? { config: config as Partial<MockConfig> } : {}), ...(clients ? { clients: clients as MockClient[] } : {}) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', short: 'p' },
      config: { type: 'string', short: 'c' },
      dialect: { type: 'string', short: 'd' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const port = Number(values.port ?? '8787');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError('--port must be a number from 0 to 65535');
  const dialect = values.dialect ?? 'pwless';
  if (!dialects.includes(dialect as Dialect)) throw new TypeError(`--dialect must be one of ${dialects.join(', ')}`);
  const file = values.config ? await readConfigFile(values.config) : {};
  const server = await startHttpServer({ port, dialect: dialect as Dialect, ...file });
  const stop = () => {
    server.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Printed last: whoever waits for this line may send a signal at once.
  const label = dialect === 'pwless' ? 'pwless-mock' : `pwless-mock (${dialect})`;
  process.stdout.write(`${label} issuer ${server.issuer}\ninbox ${server.issuer}/_mock/inbox\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`pwless-mock: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
