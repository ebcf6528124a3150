import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from './errors';

export interface SpoolOptions {
  maxBytes: number;
  /** Where bodies are written; on the blob store's file system, so that storing one is a link, not a copy. */
  dir: string;
  /** The one media type accepted; anything else is refused before a byte is written. */
  type: string;
}

const mb = (n: number) => `${(n / (1024 * 1024)).toLocaleString('id-ID', { maximumFractionDigits: 1 })} MB`;

/**
 * An upload body goes to a private file as it arrives, hashed on the way, and never into the heap: the API holds a
 * few kilobytes per upload however large it is. A body over the limit is refused with that limit (at once when
 * Content-Length says so); the file is removed when the answer has gone, whatever happened in between.
 */
export function spoolUpload(opts: SpoolOptions): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `Berkas melebihi batas ${mb(opts.maxBytes)}: perkecil berkas (mis. pindai ulang dengan resolusi lebih rendah) lalu unggah kembali`);
    if (!req.is(opts.type)) {
      next(new AppError('UNSUPPORTED_MEDIA_TYPE', `Berkas harus ${opts.type === 'application/pdf' ? 'PDF' : opts.type}: kirim dengan Content-Type: ${opts.type}`));
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > opts.maxBytes) {
      // The rest of the body is not read; the connection closes after the answer.
      res.setHeader('Connection', 'close');
      next(tooLarge());
      return;
    }
    const file = path.join(opts.dir, `upload-${Date.now()}-${randomBytes(8).toString('hex')}`);
    const cleanup = () => void fs.rm(file, { force: true });
    res.once('close', cleanup);
    void fs.mkdir(opts.dir, { recursive: true }).then(() => {
      const hash = createHash('sha256');
      let size = 0;
      let failed = false;
      const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
      const fail = (err: AppError) => {
        if (failed) return;
        failed = true;
        req.unpipe(out);
        out.destroy();
        req.resume();
        res.setHeader('Connection', 'close');
        next(err);
      };
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > opts.maxBytes) fail(tooLarge());
        else hash.update(chunk);
      });
      req.on('aborted', () => fail(new AppError('BAD_REQUEST', 'Unggahan terputus sebelum selesai dikirim')));
      out.on('error', (err) => {
        if (!failed) {
          failed = true;
          next(err);
        }
      });
      out.on('finish', () => {
        if (failed) return;
        req.upload = { file, sha256: hash.digest('hex'), size };
        next();
      });
      req.pipe(out);
    }, next);
  };
}
