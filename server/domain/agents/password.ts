import { hash, verify } from "@node-rs/argon2";

/** The library's defaults are argon2id with OWASP's 19 MiB, t=2, p=1: slow enough for a login form. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A real argon2id hash of a random password, checked when the email is unknown so that a wrong email and a wrong
 * password take the same time and give the same answer.
 */
export const decoyPasswordHash = "$argon2id$v=19$m=19456,t=2,p=1$SmsD6wqvGEkEp5HvwmZ3BQ$+oMQ3Rpue59EJ/KlCbgFKNh64ThTsaelWckOHUdHeqs";
