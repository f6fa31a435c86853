/* What the machine and its processes use, read from /proc (Linux). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second, the unit of the CPU times in /proc. */
export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Current (VmRSS) and peak (VmHWM) resident set of a running process, in MB. */
export function procMemoryMb(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => {
    const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    if (!m) throw new Error(`no ${field} in /proc/${pid}/status`);
    return Number(m[1]);
  };
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** utime + stime of a process so far, in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
export function procCpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Jiffies of the whole machine from /proc/stat: busy (not idle, not iowait), iowait, total. */
function systemTicks(): { busy: number; iowait: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0); // user nice system idle iowait irq softirq steal
  return { busy: total - f[3] - f[4], iowait: f[4], total };
}

export interface CpuFigures {
  wallMs: number;
  /** CPU time of the node. */
  nodeCpuMs: number;
  /** CPU time of this process: the load generator. */
  selfMs: number;
  /** CPU time of the whole machine, and its iowait. */
  busyMs: number;
  iowaitMs: number;
}

/**
 * CPU time from now on, of `node`, of this process (the load generator) and of the whole machine; the
 * returned function ends the window and gives the figures in ms.
 */
export function cpuWindow(node: { cpuMs(): number }): () => CpuFigures {
  const nodeCpu0 = node.cpuMs();
  const sys0 = systemTicks();
  const self0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  return () => {
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const self = process.cpuUsage(self0);
    const nodeCpuMs = node.cpuMs() - nodeCpu0;
    const sys1 = systemTicks();
    return {
      wallMs,
      nodeCpuMs,
      selfMs: (self.user + self.system) / 1000,
      busyMs: ((sys1.busy - sys0.busy) * 1000) / CLK_TCK,
      iowaitMs: ((sys1.iowait - sys0.iowait) * 1000) / CLK_TCK,
    };
  };
}
