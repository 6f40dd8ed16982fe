import os from 'node:os';

/** The date and the machine the numbers were measured on. */
export function machineLine(): string {
  const cpus = os.cpus();
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  return (
    `${new Date().toISOString()} · ${cpus[0]?.model.trim() ?? 'CPU'} · ${cpus.length} cores · ` +
    `${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM · Node ${process.version} · ${os.type()} ${os.release()} · load average ${load}`
  );
}
