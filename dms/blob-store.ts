import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Document bytes, content-addressed by SHA-256 and never overwritten. The metadata (who, which usulan,
 * which version) lives in PostgreSQL; this store only knows hashes. Filesystem now, S3-compatible later.
 */
export interface BlobStore {
  /** Stores the bytes (a no-op if they are already stored) and returns their address. */
  put(bytes: Uint8Array): Promise<{ sha256: string; size: number }>;
  /** Stores a file already written and hashed (an upload spooled to `spoolDir`); the file itself is left in place. */
  putFile(file: string, sha256: string): Promise<{ sha256: string; size: number }>;
  /** Where uploads are spooled: on the store's own file system, so that putFile links instead of copying. */
  readonly spoolDir: string;
  /** The stored bytes; throws BlobNotFoundError or BlobCorruptError. */
  get(sha256: string): Promise<Buffer>;
  has(sha256: string): Promise<boolean>;
}

export class BlobNotFoundError extends Error {
  override readonly name = 'BlobNotFoundError';
  constructor(readonly sha256: string) {
    super(`blob ${sha256} not found`);
  }
}

/** The bytes on disk no longer hash to their name: disk corruption or tampering. */
export class BlobCorruptError extends Error {
  override readonly name = 'BlobCorruptError';
  constructor(
    readonly sha256: string,
    readonly actual: string,
  ) {
    super(`blob ${sha256} is corrupt (content hashes to ${actual})`);
  }
}

const SHA256_RE = /^[0-9a-f]{64}$/;

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** `<root>/ab/cd/<sha256>`; the two levels keep directories small. */
export class FsBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  get spoolDir(): string {
    return path.join(this.root, 'tmp', 'uploads');
  }

  pathOf(sha256: string): string {
    if (!SHA256_RE.test(sha256)) throw new RangeError(`not a lower-case hex SHA-256: ${JSON.stringify(sha256)}`);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(bytes: Uint8Array): Promise<{ sha256: string; size: number }> {
    const sha256 = sha256Hex(bytes);
    const size = bytes.byteLength;
    const final = this.pathOf(sha256);
    if (await this.has(sha256)) return { sha256, size };

    await fs.mkdir(path.dirname(final), { recursive: true });
    const tmpDir = path.join(this.root, 'tmp');
    await fs.mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${sha256}.${randomBytes(8).toString('hex')}`);
    const handle = await fs.open(tmp, 'wx', 0o444);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      // link() fails instead of replacing: a blob that exists is never overwritten, even by a racing writer.
      await fs.link(tmp, final);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      await fs.rm(tmp, { force: true });
    }
    await syncDir(path.dirname(final));
    return { sha256, size };
  }

  async putFile(file: string, sha256: string): Promise<{ sha256: string; size: number }> {
    const final = this.pathOf(sha256);
    const { size } = await fs.stat(file);
    if (await this.has(sha256)) return { sha256, size };
    await fs.mkdir(path.dirname(final), { recursive: true });
    const h = await fs.open(file, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
    await fs.chmod(file, 0o444);
    try {
      await fs.link(file, final);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EXDEV') return this.put(await fs.readFile(file));
      if (code !== 'EEXIST') throw err;
    }
    await syncDir(path.dirname(final));
    return { sha256, size };
  }

  async get(sha256: string): Promise<Buffer> {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(this.pathOf(sha256));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(sha256);
      throw err;
    }
    const actual = sha256Hex(bytes);
    if (actual !== sha256) throw new BlobCorruptError(sha256, actual);
    return bytes;
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await fs.access(this.pathOf(sha256));
      return true;
    } catch (err) {
      if (err instanceof RangeError) throw err;
      return false;
    }
  }
}

/** Makes the new directory entry durable; not every platform lets a directory be opened, hence best effort. */
async function syncDir(dir: string): Promise<void> {
  try {
    const h = await fs.open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // best effort
  }
}
