import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, configFromEnv } from './config.js';

describe('configFromEnv', () => {
  it('uses the defaults when nothing is set', () => {
    expect(configFromEnv({ LOG_FORMAT: 'json' })).toEqual(DEFAULT_CONFIG);
  });

  it('reads each variable', () => {
    const config = configFromEnv({
      PORT: '4000',
      HOST: '0.0.0.0',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'pretty',
      ATSCALE_TRUST_PROXY: 'true',
      ATSCALE_SECURE_COOKIES: 'yes',
      ATSCALE_ALLOWED_ORIGINS: 'https://a.example, https://b.example:8443',
      ATSCALE_SESSION_IDLE_MINUTES: '30',
      ATSCALE_SESSION_MAX_MINUTES: '480',
      ATSCALE_SESSION_CACHE_SECONDS: '0',
      ATSCALE_SIGN_IN_MAX_FAILURES: '3',
      ATSCALE_SIGN_IN_LOCK_MINUTES: '30',
      ATSCALE_SIGN_IN_PER_MINUTE: '20',
      ATSCALE_BODY_LIMIT: '1048576',
      ATSCALE_FHIR_TOKEN_SECONDS: '60',
    });
    expect(config).toEqual({
      port: 4000,
      host: '0.0.0.0',
      logLevel: 'warn',
      logFormat: 'pretty',
      trustProxy: true,
      secureCookies: true,
      allowedOrigins: ['https://a.example', 'https://b.example:8443'],
      session: { idleMinutes: 30, absoluteMinutes: 480 },
      sessionCacheSeconds: 0,
      signIn: { maxFailures: 3, lockMinutes: 30, attemptsPerMinute: 20 },
      bodyLimit: 1_048_576,
      fhirTokenSeconds: 60,
    });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be a whole number from 0 to 65535/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ LOG_FORMAT: 'xml' }, /LOG_FORMAT must be json or pretty/],
    [{ ATSCALE_TRUST_PROXY: 'maybe' }, /ATSCALE_TRUST_PROXY must be true or false/],
    [{ ATSCALE_ALLOWED_ORIGINS: 'example.org' }, /not an origin/],
    [{ ATSCALE_SESSION_IDLE_MINUTES: '0' }, /ATSCALE_SESSION_IDLE_MINUTES/],
    [{ ATSCALE_SESSION_CACHE_SECONDS: '61' }, /ATSCALE_SESSION_CACHE_SECONDS/],
  ])('refuses %o with a message naming the variable', (env, message) => {
    expect(() => configFromEnv(env)).toThrow(ConfigError);
    expect(() => configFromEnv(env)).toThrow(message);
  });
});
