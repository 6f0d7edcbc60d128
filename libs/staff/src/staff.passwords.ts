import { Algorithm, hash, verify } from '@node-rs/argon2';
import { badInput } from '@paysession/common';

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane (about 30-50 ms on a server core). */
const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
/** Long enough for any passphrase or manager; bounded so that nobody makes us hash megabytes. */
export const MAX_PASSWORD_LENGTH = 256;

/** Refuses a password outside the length policy (BAD_USER_INPUT on `field`). */
export function checkPasswordPolicy(password: string, field = 'password'): void {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
    throw badInput(field, `The password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) throw badInput(field, `The password must be at most ${MAX_PASSWORD_LENGTH} characters`);
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

let dummyHash: Promise<string> | undefined;

function dummy(): Promise<string> {
  return (dummyHash ??= hashPassword('paysession-no-such-account'));
}

/** Computes the throwaway hash ahead of the first unknown email, so that one is not slower either. */
export async function prepareDummyHash(): Promise<void> {
  await dummy();
}

/**
 * Checks `password` against `passwordHash`; with no hash (unknown email, deactivated account)
 * it checks against a throwaway hash with the same parameters and answers false, so that the
 * answer takes as long as for a real account and timing does not reveal which emails exist.
 */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  // No stored password is this long, so the answer is no; the dummy keeps the time the same.
  const tooLong = password.length > MAX_PASSWORD_LENGTH;
  if (!passwordHash || tooLong) {
    await verify(await dummy(), tooLong ? password.slice(0, MAX_PASSWORD_LENGTH) : password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a refused sign-in, not a 500.
    return false;
  }
}
