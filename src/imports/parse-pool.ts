// Uploads are read off the event loop (ADR 0014): each parse runs in a worker thread with a heap of its own and a
// time limit, so a hostile file costs that worker, never the requests the node is serving. Workers are kept for a
// minute after a parse (starting one loads the TypeScript sources, about a second) and stopped after any failure.
import { Worker } from 'node:worker_threads';
import { AppError, bi } from '../util/errors.ts';
import { unreadable } from './file-errors.ts';
import type { UploadResult, UploadTask } from './upload.ts';

/** What one parse may use: wall time, and the worker's old-generation heap. */
export type ParseLimits = { timeoutMs: number; heapMb: number };

/** The limits of every upload's parse; tests pass smaller ones to see a parse stopped. */
export const parseLimits: ParseLimits = { timeoutMs: 20_000, heapMb: 96 };

const IDLE_MS = 60_000;
const START_MS = 60_000;
const BOOT = new URL('./worker-boot.mjs', import.meta.url);

type Answer =
  | { ok: true; result: UploadResult }
  | {
      ok: false;
      error: {
        code: AppError['code'];
        text: AppError['text'];
        fieldErrors: AppError['fieldErrors'];
        extra: AppError['extra'];
      };
    }
  | { ok: false; fault: string };

const idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];

/** A worker that has loaded the parser, or an Error (a fault of the node, not of any file). */
function start(limits: ParseLimits): Promise<Worker> {
  const worker = new Worker(BOOT, {
    // The boot file registers tsx itself: the parent's `--import tsx`, inherited, would register it twice.
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
  });
  // An error after a parse has given up on the worker (it is being stopped) must not become an uncaught one.
  worker.on('error', () => {});
  // A kept worker that stops on its own is no longer kept.
  worker.once('exit', () => {
    const i = idle.findIndex((x) => x.worker === worker);
    if (i >= 0) {
      clearTimeout(idle[i]!.timer);
      idle.splice(i, 1);
    }
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('upload worker did not start')), START_MS);
    // Only our own listeners go: the Worker keeps its port referenced through listeners of its own.
    const off = () => {
      clearTimeout(timer);
      worker.off('message', ready).off('error', fail).off('exit', exited);
    };
    const ready = () => {
      off();
      resolve(worker);
    };
    const fail = (err: Error) => {
      off();
      void worker.terminate();
      reject(err);
    };
    const exited = (code: number) => fail(new Error(`upload worker exited with ${code} while starting`));
    worker.on('message', ready).on('error', fail).on('exit', exited);
  });
}

function release(worker: Worker) {
  worker.unref();
  const timer = setTimeout(() => {
    const i = idle.findIndex((x) => x.worker === worker);
    if (i >= 0) idle.splice(i, 1);
    void worker.terminate();
  }, IDLE_MS);
  timer.unref();
  idle.push({ worker, timer });
}

const cannotRead = () =>
  unreadable(
    bi(
      'อ่านแฟ้มนี้ไม่ได้ — เปิดแฟ้มใน Excel แล้วบันทึกใหม่เป็น .xlsx หรือ CSV UTF-8 แล้วอัปโหลดอีกครั้ง',
      'This file cannot be read; open it in Excel, save it again as .xlsx or CSV UTF-8 and upload it again',
    ),
  );

const tooSlow = (limits: ParseLimits) =>
  unreadable(
    bi(
      `อ่านแฟ้มไม่เสร็จภายใน ${limits.timeoutMs / 1000} วินาที แฟ้มมีข้อมูลมากหรือซับซ้อนเกินไป — แบ่งเป็นหลายแฟ้ม หรือคัดลอกเฉพาะข้อมูลลงแบบฟอร์มจากระบบแล้วอัปโหลดใหม่`,
      `Reading the file did not finish within ${limits.timeoutMs / 1000} seconds: it holds too much or is too complex; split it, or copy only the data into the system's template and upload it again`,
    ),
  );

const tooBig = (limits: ParseLimits) =>
  unreadable(
    bi(
      `การอ่านแฟ้มนี้ต้องใช้หน่วยความจำเกิน ${limits.heapMb} MB ที่ระบบให้ต่อหนึ่งแฟ้ม — แบ่งเป็นหลายแฟ้ม หรือคัดลอกเฉพาะข้อมูลลงแบบฟอร์มจากระบบแล้วอัปโหลดใหม่`,
      `Reading this file needs more than the ${limits.heapMb} MB of memory one file may use; split it, or copy only the data into the system's template and upload it again`,
    ),
  );

/**
 * Reads an upload into a preview in a worker thread: the file's own refusal comes back as the same AppError,
 * going over the time limit or the heap stops the worker with a 422 saying so.
 */
export async function previewInWorker(
  task: UploadTask,
  limits: ParseLimits = parseLimits,
): Promise<UploadResult> {
  const pooled = limits === parseLimits;
  const kept = pooled ? idle.pop() : undefined;
  if (kept) clearTimeout(kept.timer);
  // A heap too small even to load the reader (Node 24's loader needs more than 20's) is the same refusal.
  const worker =
    kept?.worker ??
    (await start(limits).catch((err: Error & { code?: string }) => {
      throw err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooBig(limits) : err;
    }));
  worker.ref();
  return new Promise((resolve, reject) => {
    const done = (keep: boolean) => {
      clearTimeout(timer);
      worker.off('message', answered).off('error', failed).off('exit', exited);
      if (keep && pooled) release(worker);
      else void worker.terminate();
    };
    const timer = setTimeout(() => {
      done(false);
      reject(tooSlow(limits));
    }, limits.timeoutMs);
    const answered = (m: Answer) => {
      if (m.ok) {
        done(true);
        resolve(m.result);
      } else if ('error' in m) {
        done(true);
        reject(new AppError(m.error.code, m.error.text, m.error.fieldErrors, m.error.extra));
      } else {
        done(false);
        // A reader fault on some input: the person gets the file's reason, the node's log the stack.
        process.emitWarning(`upload ${task.fileName}: ${m.fault}`, 'UploadParseFault');
        reject(cannotRead());
      }
    };
    const failed = (err: Error & { code?: string }) => {
      done(false);
      reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooBig(limits) : cannotRead());
    };
    const exited = () => {
      done(false);
      reject(cannotRead());
    };
    worker.on('message', answered).on('error', failed).on('exit', exited);
    worker.postMessage(task);
  });
}
