import { cpus } from "node:os";

// CPU time of one bench step, split between this process (Mamori: all its threads) and the
// rest of the machine (during an ingest, mostly PostgreSQL). On two cores, wall time alone
// cannot say which side a budget is lost on.

export interface CpuSplit {
  /** CPU seconds of this process, every thread */
  processSeconds: number;
  /** CPU seconds of the whole machine (all cores, all processes) */
  machineSeconds: number;
  /** machine minus this process: the database server and anything else running */
  otherSeconds: number;
  cores: number;
}

function machineBusyMs(): number {
  let ms = 0;
  for (const c of cpus()) ms += c.times.user + c.times.nice + c.times.sys + c.times.irq;
  return ms;
}

/** Starts measuring; the returned function gives the split since then. */
export function cpuMeter(): () => CpuSplit {
  const p0 = process.cpuUsage();
  const m0 = machineBusyMs();
  return () => {
    const p = process.cpuUsage(p0);
    const processSeconds = (p.user + p.system) / 1e6;
    const machineSeconds = (machineBusyMs() - m0) / 1000;
    const round = (s: number) => Math.round(s * 100) / 100;
    return {
      processSeconds: round(processSeconds),
      machineSeconds: round(machineSeconds),
      // The two clocks tick differently (µs against 10 ms): never a negative remainder.
      otherSeconds: round(Math.max(0, machineSeconds - processSeconds)),
      cores: cpus().length,
    };
  };
}

/** Microseconds of CPU per line, each side, for a step that handled `lines` lines. */
export function perLine(split: CpuSplit, lines: number): { process: number; other: number; machine: number } {
  const us = (s: number) => Math.round((s * 1e6 * 100) / Math.max(1, lines)) / 100;
  return { process: us(split.processSeconds), other: us(split.otherSeconds), machine: us(split.machineSeconds) };
}
