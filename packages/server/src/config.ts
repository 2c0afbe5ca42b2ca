/** Everything the server can be told from outside, read once at start. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly logLevel: string;
  /** JSON lines for log collectors, or readable lines for a person at a terminal. */
  readonly logFormat: 'json' | 'pretty';
  /** Whether to trust X-Forwarded-* headers from a reverse proxy (HTTPS termination). */
  readonly trustProxy: boolean;
  /** Mark the session cookie Secure even when the request reached us over plain HTTP. */
  readonly secureCookies: boolean;
  /** Origins, besides the server's own, allowed to send state-changing requests. */
  readonly allowedOrigins: readonly string[];
  readonly session: { readonly idleMinutes: number; readonly absoluteMinutes: number };
  /**
   * Seconds a resumed session is reused without reading the database again (0: never). A
   * sign-out here counts at once; anything else that ends a session, within this time.
   */
  readonly sessionCacheSeconds: number;
  readonly signIn: {
    readonly maxFailures: number;
    readonly lockMinutes: number;
    /** Sign-in attempts allowed per client address per minute. */
    readonly attemptsPerMinute: number;
  };
  /** Largest request body accepted, in bytes. */
  readonly bodyLimit: number;
  /** How long a system client's access token (POST /oauth/token) lasts, in seconds. */
  readonly fhirTokenSeconds: number;
}

/** The defaults: what `npm start` uses when nothing is set. */
export const DEFAULT_CONFIG: ServerConfig = {
  port: 3000,
  host: 'localhost',
  logLevel: 'info',
  logFormat: 'json',
  trustProxy: false,
  secureCookies: false,
  allowedOrigins: [],
  session: { idleMinutes: 60, absoluteMinutes: 12 * 60 },
  sessionCacheSeconds: 2,
  signIn: { maxFailures: 5, lockMinutes: 15, attemptsPerMinute: 10 },
  bodyLimit: 256 * 1024,
  fhirTokenSeconds: 300,
};

/** Raised for an environment variable that cannot be used; start stops with its message. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; it is "${raw}".`);
  }
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false; it is "${raw}".`);
}

/** Reads the configuration from environment variables (see the README's table). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const d = DEFAULT_CONFIG;
  const level = env.LOG_LEVEL?.trim() || d.logLevel;
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level)) {
    throw new ConfigError(
      `LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; it is "${level}".`,
    );
  }
  const origins = (env.ATSCALE_ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!/^https?:\/\/[^/]+$/.test(origin)) {
      throw new ConfigError(
        `ATSCALE_ALLOWED_ORIGINS has "${origin}", which is not an origin like https://example.org.`,
      );
    }
  }
  return {
    port: integer(env, 'PORT', d.port, 0, 65535),
    host: env.HOST?.trim() || d.host,
    logLevel: level,
    logFormat: logFormat(env),
    trustProxy: flag(env, 'ATSCALE_TRUST_PROXY', d.trustProxy),
    secureCookies: flag(env, 'ATSCALE_SECURE_COOKIES', d.secureCookies),
    allowedOrigins: origins,
    session: {
      idleMinutes: integer(env, 'ATSCALE_SESSION_IDLE_MINUTES', d.session.idleMinutes, 1, 24 * 60),
      absoluteMinutes: integer(
        env,
        'ATSCALE_SESSION_MAX_MINUTES',
        d.session.absoluteMinutes,
        1,
        7 * 24 * 60,
      ),
    },
    sessionCacheSeconds: integer(
      env,
      'ATSCALE_SESSION_CACHE_SECONDS',
      d.sessionCacheSeconds,
      0,
      60,
    ),
    signIn: {
      maxFailures: integer(env, 'ATSCALE_SIGN_IN_MAX_FAILURES', d.signIn.maxFailures, 1, 100),
      lockMinutes: integer(env, 'ATSCALE_SIGN_IN_LOCK_MINUTES', d.signIn.lockMinutes, 1, 24 * 60),
      attemptsPerMinute: integer(
        env,
        'ATSCALE_SIGN_IN_PER_MINUTE',
        d.signIn.attemptsPerMinute,
        1,
        10_000,
      ),
    },
    bodyLimit: integer(env, 'ATSCALE_BODY_LIMIT', d.bodyLimit, 1024, 64 * 1024 * 1024),
    fhirTokenSeconds: integer(env, 'ATSCALE_FHIR_TOKEN_SECONDS', d.fhirTokenSeconds, 1, 3600),
  };
}

function logFormat(env: NodeJS.ProcessEnv): 'json' | 'pretty' {
  const raw = env.LOG_FORMAT?.trim().toLowerCase();
  if (!raw) return process.stdout.isTTY ? 'pretty' : 'json';
  if (raw === 'json' || raw === 'pretty') return raw;
  throw new ConfigError(`LOG_FORMAT must be json or pretty; it is "${raw}".`);
}
