import { inspectPdfFile } from './pdf-inspect-file';
import { refuse, type InspectResult } from './pdf-inspect-result';

/**
 * Child-process entry of the upload inspection (see pdf-inspect.ts): receives a file path over IPC, answers with one
 * InspectResult and exits. Reading qpdf's view of a hostile file and decoding its streams happen here, so a runaway
 * allocation or an endless loop stays out of the API process; the parent kills this process group when it overruns.
 */

interface Request {
  file: string;
}

function reply(result: InspectResult): void {
  if (!process.send) process.exit(2);
  process.send(result, () => process.exit(0));
}

process.once('message', (msg: Request) => {
  void (async () => {
    try {
      reply(await inspectPdfFile(msg.file));
    } catch (err) {
      reply(refuse('INSPECTOR_FAILED', err instanceof Error ? err.message.slice(0, 200) : String(err)));
    }
  })();
});
