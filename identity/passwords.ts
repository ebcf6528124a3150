import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id (the library's default algorithm) with OWASP's minimum parameters: 19 MiB, 2 passes, 1 lane. The PHC
 * string carries its parameters, so raising them later leaves old hashes verifiable.
 */
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(plain: string): Promise<string> {
  const h = await hash(plain, OPTIONS);
  if (!h.startsWith('$argon2id$')) throw new Error('argon2 produced a non-argon2id hash');
  return h;
}

/** False for a wrong password and for anything that is not an argon2id hash (service accounts carry '!'). */
export async function verifyPassword(storedHash: string, plain: string): Promise<boolean> {
  if (!storedHash.startsWith('$argon2id$')) return false;
  try {
    return await verify(storedHash, plain);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/** Spends the same time as a real check, so response time does not tell which usernames exist. */
export async function burnPasswordCheck(plain: string): Promise<void> {
  dummy ??= hashPassword('usulan-dummy-password-for-timing');
  await verifyPassword(await dummy, plain);
}

/** Marks an account that can never log in with a password (API token service principals). */
export const NO_PASSWORD = '!';
