import { randomBytes } from 'node:crypto';

/** Base32 without the look-alikes I, O, 0 and 1: 32 symbols, 5 bits each. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A new tracking code: 10 crypto-random symbols (50 bits), shown as PA-XXXX-XXXX-XX. Random, not
 * sequential, so codes cannot be guessed or enumerated.
 */
export function newTrackingCode(): string {
  const bytes = randomBytes(10);
  const symbols = [...bytes].map((b) => ALPHABET[b & 31]).join('');
  return `PA-${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8)}`;
}

/** Accepts what a citizen types ("pa 7kqm x3tz 9w") and returns the stored form, or null. */
export function normaliseTrackingCode(input: string): string | null {
  const raw = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const body = raw.startsWith('PA') ? raw.slice(2) : raw;
  if (body.length !== 10 || [...body].some((ch) => !ALPHABET.includes(ch))) return null;
  return `PA-${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8)}`;
}

/**
 * The start of a tracking code as staff type it to search ("pa-3e65", "PA 3E65 7K"): "PA" and at
 * least 4 symbols, returned in the stored form ("PA-3E65", "PA-3E65-7K"); null otherwise.
 */
export function trackingCodePrefix(input: string): string | null {
  const raw = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (!raw.startsWith('PA')) return null;
  const body = raw.slice(2);
  if (body.length < 4 || body.length > 10 || [...body].some((ch) => !ALPHABET.includes(ch)))
    return null;
  return ['PA', body.slice(0, 4), body.slice(4, 8), body.slice(8)].filter(Boolean).join('-');
}
