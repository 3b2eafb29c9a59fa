import pino, { type LoggerOptions } from 'pino';

/** Paths never written to logs: secrets and citizens' personal data. */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.passwordHash',
  '*.totp',
  '*.totpSecret',
  '*.token',
  '*.fullName',
  '*.phone',
  '*.email',
  '*.idNumber',
  '*.address',
  '*.petitioner',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[ẩn]' },
    base: { app: 'mat-tran-so' },
  };
}

export function createLogger(level: string) {
  return pino(loggerOptions(level));
}
