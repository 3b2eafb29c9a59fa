import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id in @node-rs/argon2 (a const enum, which isolated modules cannot import).
const ARGON2ID = 2;

export type Argon2Cost = { memoryCost: number; timeCost: number };

/** Hashes a password with argon2id. */
export function hashPassword(password: string, cost: Argon2Cost): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, ...cost });
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

/** Rules for a new password, with the message shown when one fails. */
export const PASSWORD_RULE = {
  minLength: 10,
  message: 'mật khẩu cần ít nhất 10 ký tự.',
};
