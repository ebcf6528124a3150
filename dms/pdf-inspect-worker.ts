import { inspectPdfBytes, refuse, type InspectResult } from './pdf-inspect-scan';

/**
 * Child-process entry of the upload inspection (see pdf-inspect.ts): receives the bytes over IPC, answers
 * with one InspectResult and exits. Parsing hostile input here keeps a crash, a runaway allocation or an
 * endless loop out of the API process; the parent kills this process when it overruns its time.
 */

interface Request {
  bytes: Uint8Array;
  maxInflatedBytes: number;
}

function reply(result: InspectResult): void {
  if (!process.send) process.exit(2);
  process.send(result, () => process.exit(0));
}

process.once('message', (msg: Request) => {
  void (async () => {
    try {
      const bytes = Buffer.from(msg.bytes.buffer, msg.bytes.byteOffset, msg.bytes.byteLength);
      reply(await inspectPdfBytes(bytes, { maxInflatedBytes: msg.maxInflatedBytes }));
    } catch (err) {
      reply(refuse('INSPECTOR_FAILED', err instanceof Error ? err.message.slice(0, 200) : String(err)));
    }
  })();
});
