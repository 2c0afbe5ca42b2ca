import type { LoggerOptions } from 'pino';

/**
 * Fields that carry patient identifiers or secrets, wherever they appear in a logged object.
 * They are replaced with "[redacted]" before a log line is written.
 */
export const REDACTED_PATHS = [
  'password',
  'passwordHash',
  'nhsNumber',
  'givenName',
  'familyName',
  'name',
  'dateOfBirth',
  'postcode',
  'email',
  'token',
].flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);

/** pino options for the server: redacted patient data, no query strings, no headers. */
export function loggerOptions(level: string, format: 'json' | 'pretty' = 'json'): LoggerOptions {
  return {
    level,
    // Redaction and the serializers below run before the transport sees a line.
    ...(format === 'pretty'
      ? {
          transport: {
            target: 'pino-pretty',
            options: {
              translateTime: 'SYS:HH:MM:ss',
              ignore: 'pid,hostname,reqId',
              singleLine: true,
            },
          },
        }
      : {}),
    redact: { paths: [...REDACTED_PATHS, 'req.headers', 'res.headers'], censor: '[redacted]' },
    serializers: {
      // The path only: query strings can carry NHS numbers and names (patient search).
      req: (req: { method: string; url: string; id: string; ip?: string }) => ({
        method: req.method,
        path: req.url.split('?')[0],
        requestId: req.id,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      // Database errors carry the statement's parameters, and their messages quote the
      // offending value (`invalid input syntax for type date: "..."`): patient data. Keep the
      // SQLSTATE and where it failed; mask anything quoted.
      err: (
        err: Error & { code?: unknown; severity?: unknown; table?: unknown; constraint?: unknown },
      ) =>
        typeof err.severity === 'string'
          ? {
              type: 'DatabaseError',
              message: err.message.replace(/"[^"]*"/g, '"…"'),
              code: err.code,
              table: err.table,
              constraint: err.constraint,
            }
          : { type: err.name, message: err.message, code: err.code, stack: err.stack },
    },
  };
}
