import { withUnlockCache, SigningError, type SignerBackend, type SigningSession } from '../../signing';

function countingBackend(passphrases: Record<string, string>) {
  const calls: string[] = [];
  const closed: string[] = [];
  const backend: SignerBackend = {
    kind: 'test',
    async unlock(signerId, passphrase) {
      calls.push(signerId);
      if (passphrases[signerId] !== passphrase) throw new SigningError('WRONG_PASSPHRASE', 'salah');
      const session: SigningSession = {
        signer: { id: signerId, name: signerId, nip: '1', jabatan: 'x', certPem: '' },
        sign: async (pdf) => pdf,
        close: () => closed.push(signerId),
      };
      return session;
    },
  };
  return { backend, calls, closed };
}

describe('unlocking a signer once per signing session', () => {
  it('opens the key once for repeated signatures with the right passphrase', async () => {
    const { backend, calls } = countingBackend({ a: 'rahasia-a' });
    const cached = withUnlockCache(backend, { ttlMs: 60_000 });
    for (let i = 0; i < 5; i += 1) {
      const s = await cached.unlock('a', 'rahasia-a');
      await s.sign(new Uint8Array([1]), { reason: 'r', location: 'l', verificationUrl: 'u' });
      s.close();
    }
    expect(calls).toEqual(['a']);
  });

  it('still refuses a wrong passphrase after the key was opened', async () => {
    const { backend, calls } = countingBackend({ a: 'rahasia-a' });
    const cached = withUnlockCache(backend, { ttlMs: 60_000 });
    await cached.unlock('a', 'rahasia-a');
    await expect(cached.unlock('a', 'tebakan')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await expect(cached.unlock('a', '')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(calls).toEqual(['a', 'a', 'a']);
  });

  it('keeps signers apart and opens the key again after the session expires', async () => {
    const { backend, calls, closed } = countingBackend({ a: 'p-a', b: 'p-b' });
    const cached = withUnlockCache(backend, { ttlMs: 50 });
    await cached.unlock('a', 'p-a');
    await expect(cached.unlock('b', 'p-a')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await cached.unlock('b', 'p-b');
    await new Promise((r) => setTimeout(r, 80));
    await cached.unlock('a', 'p-a');
    expect(calls).toEqual(['a', 'b', 'b', 'a']);
    expect(closed).toEqual(expect.arrayContaining(['a', 'b']));
  });

  it('with a zero time to live every signature opens the key', async () => {
    const { backend, calls } = countingBackend({ a: 'p-a' });
    const cached = withUnlockCache(backend, { ttlMs: 0 });
    await cached.unlock('a', 'p-a');
    await cached.unlock('a', 'p-a');
    expect(calls).toEqual(['a', 'a']);
  });
});
