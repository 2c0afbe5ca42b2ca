import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id settings (19 MiB, 2 passes, 1 lane). Algorithm 2 is argon2id; the enum is
// a const enum that isolated modules cannot read, and argon2id is also the library's default.
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** The shortest password accepted for a new account. */
export const MIN_PASSWORD_LENGTH = 12;

/** Why a new password is not acceptable, or null when it is. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `A password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  }
  if (password.length > 256) return 'A password can have at most 256 characters';
  return null;
}

/** An argon2id hash of the password, in PHC string form. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** True when the password matches the hash; false for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time of one verification when there is no account, so the answer's timing does
 * not tell an attacker which email addresses have accounts.
 */
export async function verifyAgainstNothing(password: string): Promise<void> {
  dummy ??= hashPassword('not-a-real-password-for-timing');
  await verifyPassword(await dummy, password);
}
