// The worker thread of ./parse-pool.ts: one upload at a time, read into a preview; the answer is the preview, the
// file's own refusal (an AppError, sent as its parts), or a fault.
import { parentPort } from 'node:worker_threads';
import { AppError } from '../util/errors.ts';
import { previewUpload, type UploadTask } from './upload.ts';

const port = parentPort!;
port.on('message', async (task: UploadTask) => {
  try {
    port.postMessage({ ok: true, result: await previewUpload(task) });
  } catch (err) {
    if (err instanceof AppError) {
      const { code, text, fieldErrors, extra } = err;
      port.postMessage({ ok: false, error: { code, text, fieldErrors, extra } });
    } else
      port.postMessage({ ok: false, fault: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
port.postMessage({ ready: true });
