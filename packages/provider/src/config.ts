import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import schema from '../config.schema.json' with { type: 'json' };

export interface SmtpConfig {
  host: string;
  port: number;
  secure?: boolean;
  requireTLS?: boolean;
  from: string;
  replyTo?: string;
  auth?: { user: string; pass: string };
}

export interface ClientConfig {
  client_id: string;
  client_name?: string;
  client_secret?: string;
  client_secret_hash?: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
  token_endpoint_auth_method?: 'client_secret_basic' | 'client_secret_post' | 'none';
  id_token_signed_response_alg?: 'RS256' | 'ES256';
  origins?: string[];
  link_uris?: string[];
}

export interface PolicyConfig {
  codeLength?: number;
  codeLifetime?: number;
  maxAttempts?: number;
  resendAfter?: number;
  sendsPerHour?: number;
  sendsPerHourPerIp?: number;
  passkeyStartsPerHourPerIp?: number;
  securityPhrase?: boolean;
  enumerationProtection?: boolean;
  deliveries?: ('code' | 'link')[];
  sessionLifetime?: number;
  refreshTokenLifetime?: number;
}

export interface ProviderConfig {
  issuer: string;
  port: number;
  host: string;
  /** Absolute. */
  dataDir: string;
  proxy: boolean;
  signups: boolean;
  smtp?: SmtpConfig;
  sms?: { webhook: string; headers?: Record<string, string> };
  policy: PolicyConfig;
  clients: ClientConfig[];
  /** Passkeys: on unless `enabled` is false; the RP ID is the issuer's host unless `rpId` says otherwise. */
  passkeys?: { enabled?: boolean; rpId?: string };
  /** A shared store for several processes; default: the file in `dataDir`. */
  store?: { redis?: string };
  /** `--dev`: mail goes to the built-in mail catcher instead of SMTP. */
  dev: boolean;
}

/** A configuration that cannot be used; the message names the field. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
const validate = ajv.compile(schema);

function fieldName(error: ErrorObject): string {
  const path = error.instancePath.replace(/^\//, '').replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.');
  if (error.keyword === 'required') return [path, error.params['missingProperty']].filter(Boolean).join('.');
  if (error.keyword === 'additionalProperties') return [path, error.params['additionalProperty']].filter(Boolean).join('.');
  return path || '(top level)';
}

function describe(error: ErrorObject): string {
  const field = fieldName(error);
  switch (error.keyword) {
    case 'required':
      return `${field} is missing`;
    case 'additionalProperties':
      return `${field} is not a known setting`;
    case 'enum':
      return `${field} must be one of ${(error.params['allowedValues'] as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return `${field} ${error.message ?? 'is not valid'}`;
  }
}

type JsonSchema = { type?: string; properties?: Record<string, JsonSchema> };

/**
 * Environment variables named after the setting's path (`smtp.auth.pass` → `PWLESS_SMTP_AUTH_PASS`,
 * `dataDir` → `PWLESS_DATA_DIR`) override the file. Values are read by the setting's type: numbers,
 * `true`/`false`, JSON for lists and objects.
 */
function applyEnvironment(target: Record<string, unknown>, node: JsonSchema, path: string[], env: NodeJS.ProcessEnv): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (key === '$schema') continue;
    const childPath = [...path, key];
    const name = `PWLESS_${childPath.map((part) => part.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()).join('_')}`;
    const raw = env[name];
    if (raw !== undefined) {
      target[key] = parseEnvironmentValue(name, raw, child.type);
    } else if (child.type === 'object' && child.properties) {
      const existing = target[key];
      const nested = typeof existing === 'object' && existing !== null ? (existing as Record<string, unknown>) : {};
      applyEnvironment(nested, child, childPath, env);
      if (Object.keys(nested).length > 0) target[key] = nested;
    }
  }
}

function parseEnvironmentValue(name: string, raw: string, type: string | undefined): unknown {
  if (type === 'integer' || type === 'number') {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) throw new ConfigError(`${name} must be a number`);
    return value;
  }
  if (type === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw new ConfigError(`${name} must be true or false`);
    return raw === 'true';
  }
  if (type === 'array' || type === 'object') {
    try {
      return JSON.parse(raw);
    } catch {
      throw new ConfigError(`${name} must be JSON`);
    }
  }
  return raw;
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLoopbackUrl(url: URL): boolean {
  return loopbackHosts.has(url.hostname) || url.hostname.endsWith('.localhost');
}

/** Rules the schema cannot say: plain http only on loopback, URIs that parse, secrets that fit the method. */
function checkMeaning(config: ProviderConfig): void {
  const issuer = new URL(config.issuer);
  const rpId = config.passkeys?.rpId;
  if (rpId !== undefined && issuer.hostname !== rpId && !issuer.hostname.endsWith(`.${rpId}`)) {
    throw new ConfigError(`passkeys.rpId must be the issuer's host name or a domain it is under (${issuer.hostname}): ${rpId}`);
  }
  if (config.passkeys?.enabled === true && isIP(issuer.hostname.replace(/^\[|\]$/g, '')) !== 0) {
    throw new ConfigError(`passkeys need an issuer with a host name (browsers take no IP address as RP ID): ${config.issuer}; use localhost, or set passkeys.enabled to false`);
  }
  if (issuer.protocol === 'http:' && !isLoopbackUrl(issuer)) {
    throw new ConfigError(`issuer must be https (plain http only on a loopback host such as 127.0.0.1): ${config.issuer}`);
  }
  if (!config.smtp && !config.dev) throw new ConfigError('smtp is missing (or start with --dev to use the built-in mail catcher)');
  const seen = new Set<string>();
  config.clients.forEach((client, index) => {
    const field = `clients[${index}]`;
    if (seen.has(client.client_id)) throw new ConfigError(`${field}.client_id "${client.client_id}" is used twice`);
    seen.add(client.client_id);
    client.redirect_uris.forEach((uri, uriIndex) => {
      if (!URL.canParse(uri) || new URL(uri).hash !== '') throw new ConfigError(`${field}.redirect_uris[${uriIndex}] is not an absolute URI without fragment: ${uri}`);
    });
    const method = client.token_endpoint_auth_method ?? (client.client_secret || client.client_secret_hash ? 'client_secret_basic' : 'none');
    const hasSecret = client.client_secret !== undefined || client.client_secret_hash !== undefined;
    if (method !== 'none' && !hasSecret) throw new ConfigError(`${field}.client_secret is missing for ${method}`);
    if (method === 'none' && hasSecret) throw new ConfigError(`${field}.client_secret is set, but token_endpoint_auth_method is "none"`);
  });
}

/**
 * Whether passkeys are on: unless turned off, and only for an issuer with a host name, since
 * browsers take no IP address as RP ID (`passkeys.enabled: true` with one is refused above).
 */
export function passkeysOn(config: ProviderConfig): boolean {
  if (config.passkeys?.enabled !== undefined) return config.passkeys.enabled;
  return isIP(new URL(config.issuer).hostname.replace(/^\[|\]$/g, '')) === 0;
}

/** Reads, checks and completes a configuration file; `overrides` (from the command line) win. */
export function loadConfig(file: string, options: { dev?: boolean; env?: NodeJS.ProcessEnv; overrides?: Record<string, unknown> } = {}): ProviderConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (error as Error).message;
    throw new ConfigError(`config file ${file}: ${reason}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`config file ${file}: must be a JSON object`);
  return completeConfig({ ...(raw as Record<string, unknown>), ...options.overrides }, dirname(resolve(file)), options);
}

/** Checks a configuration object against the schema and the rules above; relative `dataDir` is resolved against `baseDir`. */
export function completeConfig(raw: Record<string, unknown>, baseDir: string, options: { dev?: boolean; env?: NodeJS.ProcessEnv } = {}): ProviderConfig {
  const data = structuredClone(raw);
  applyEnvironment(data, schema as JsonSchema, [], options.env ?? process.env);
  data['policy'] ??= {};
  if (!validate(data)) throw new ConfigError(`config: ${(validate.errors ?? []).map(describe).join('; ')}`);
  const config = data as unknown as ProviderConfig;
  config.issuer = config.issuer.replace(/\/$/, '');
  config.dataDir = resolve(baseDir, config.dataDir);
  config.dev = options.dev ?? false;
  checkMeaning(config);
  return config;
}
