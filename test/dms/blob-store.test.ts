import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlobCorruptError, BlobNotFoundError, FsBlobStore } from '../../dms/blob-store';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const roots: string[] = [];
const freshStore = (): FsBlobStore => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'usulan-blobs-'));
  roots.push(root);
  return new FsBlobStore(root);
};
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

describe('the filesystem blob store', () => {
  it('stores bytes under <root>/ab/cd/<sha256> and returns them verified', async () => {
    const store = freshStore();
    const bytes = Buffer.from('%PDF-1.7 SK kenaikan pangkat');
    const put = await store.put(bytes);
    expect(put).toEqual({ sha256: sha(bytes), size: bytes.length });
    const file = path.join(store.root, put.sha256.slice(0, 2), put.sha256.slice(2, 4), put.sha256);
    expect(statSync(file).size).toBe(bytes.length);
    expect(await store.get(put.sha256)).toEqual(bytes);
    expect(await store.has(put.sha256)).toBe(true);
    expect(await store.has(sha(Buffer.from('lain')))).toBe(false);
  });

  it('never rewrites a stored blob: a second put of the same bytes leaves the file as it was', async () => {
    const store = freshStore();
    const bytes = Buffer.from('berkas yang sama');
    const { sha256 } = await store.put(bytes);
    const before = statSync(store.pathOf(sha256));
    const again = await Promise.all([store.put(bytes), store.put(Uint8Array.from(bytes))]);
    expect(again.map((a) => a.sha256)).toEqual([sha256, sha256]);
    const after = statSync(store.pathOf(sha256));
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
  });

  it('stores concurrent puts of the same new bytes once and leaves no temporary files', async () => {
    const store = freshStore();
    const bytes = Buffer.alloc(1 << 20, 7);
    const results = await Promise.all(Array.from({ length: 8 }, () => store.put(bytes)));
    expect(new Set(results.map((r) => r.sha256)).size).toBe(1);
    expect(readdirSync(path.join(store.root, 'tmp'))).toEqual([]);
    expect(await store.get(results[0].sha256)).toEqual(bytes);
  });

  it('refuses to return bytes that no longer match their hash', async () => {
    const store = freshStore();
    const { sha256 } = await store.put(Buffer.from('asli'));
    chmodSync(store.pathOf(sha256), 0o644);
    writeFileSync(store.pathOf(sha256), 'palsu');
    await expect(store.get(sha256)).rejects.toBeInstanceOf(BlobCorruptError);
  });

  it('reports a missing blob as not found and rejects anything that is not a SHA-256', async () => {
    const store = freshStore();
    await expect(store.get(sha(Buffer.from('tidak ada')))).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.get('../../etc/passwd')).rejects.toBeInstanceOf(RangeError);
    await expect(store.has('AB'.repeat(32))).rejects.toBeInstanceOf(RangeError);
  });
});
