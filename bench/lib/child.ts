import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** The resident memory of a process in MB (Linux /proc), or NaN. */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Samples a process's RSS every 100 ms until stopped; returns the peak in MB. */
export function rssSampler(pid: number) {
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    const r = rssMb(pid);
    if (r > peak) peak = r;
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      const r = rssMb(pid);
      return Math.max(peak, Number.isNaN(r) ? 0 : r);
    },
  };
}

export type Child = { url: string; port: number; proc: ChildProcess; stop(): Promise<void> };

/** Waits until GET url answers 200 (or the process dies); bounded. */
async function waitReady(url: string, proc: ChildProcess, ms: number, output: () => string) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${output()}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not ready after ${ms} ms:\n${output()}`);
}

/** Starts `lao-info serve` as a child process on a free port with the given environment. */
export async function startServer(
  env: Record<string, string>,
  readyMs = 60_000,
  nodeArgs: string[] = [],
): Promise<Child> {
  const port = await freePort();
  const bin = path.resolve('bin/lao-info.js');
  const proc = spawn(process.execPath, [...nodeArgs, bin, 'serve'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', DEMO: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => {
    out = (out + d).slice(-4000);
  });
  proc.stderr!.on('data', (d) => {
    out = (out + d).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  let stopping = false;
  // A server that dies on its own says why (the last of its output), instead of leaving only refused connections.
  proc.once('exit', (code, signal) => {
    if (!stopping && signal !== 'SIGKILL')
      process.stderr.write(`server on ${port} exited (${code ?? signal}):\n${out}\n`);
  });
  await waitReady(`${url}/healthz`, proc, readyMs, () => out);
  return {
    url,
    port,
    proc,
    stop: () => {
      stopping = true;
      return stopChild(proc);
    },
  };
}

/** Stops a child with SIGTERM (SIGKILL after 10 s) and waits for it to exit. */
export function stopChild(proc: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    const force = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    proc.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    proc.kill(signal);
  });
}

/** Runs a TypeScript script as a child (through tsx), for the limits measured in their own process. */
export function startScript(script: string, args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, ['--import', 'tsx', path.resolve(script), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}
