/*
 * A node under benchmark: the cluster tests' node launcher (NodeProcess) on the snapshot of the build,
 * on 127.0.0.1, with what the benchmark watches besides: its memory after each phase, its CPU time, and
 * with BENCH_CPU_PROF one CPU profile per phase.
 */
import { join } from 'node:path';
import { NodeProcess } from '../../test/cluster/harness/node-process';
import { ADMIN_TOKEN, CPU_PROF_DIR, NODE_ARGS } from './config';
import { CLK_TCK, procCpuTicks, procMemoryMb } from './machine';
import { log, round } from './report';

const PRELOAD = join(__dirname, 'cpu-profile-preload.js');
/** How long a node may take to write the profile of a phase. */
const PROFILE_TIMEOUT_MS = 15_000;

export class BenchNode extends NodeProcess {
  private profileSeq = 0;
  private readonly rssLog: string[] = [];

  constructor(name: string, port: number, dataDir: string, electionFile: string, main: string) {
    super({
      name,
      host: '127.0.0.1',
      port,
      dataDir,
      env: {
        ELECTION_FILE: electionFile,
        PEERS: '',
        // Mine only on GET /mine: the pools stay exactly what was sent.
        MINE_INTERVAL_MS: '0',
        // The load generator is one loopback client sending what many voters would.
        RATE_LIMIT_LOOPBACK: 'off',
        BENCH_CPU_PROF_DIR: CPU_PROF_DIR ?? '',
      },
      adminToken: ADMIN_TOKEN,
      main,
      nodeArgs: CPU_PROF_DIR ? [...NODE_ARGS, '--require', PRELOAD] : NODE_ARGS,
      ipc: CPU_PROF_DIR !== null,
    });
  }

  private get runningPid(): number {
    if (this.pid === undefined) throw new Error(`${this.name} is not running`);
    return this.pid;
  }

  /** Peak resident set (VmHWM) in MB, read from /proc while the process runs. */
  private peakRssMb(): number {
    return procMemoryMb(this.runningPid).peak;
  }

  /** Current resident set (VmRSS) in MB. */
  rssMb(): number {
    return procMemoryMb(this.runningPid).now;
  }

  /** utime + stime of the process so far, in ms. */
  cpuMs(): number {
    return (procCpuTicks(this.runningPid) * 1000) / CLK_TCK;
  }

  private logRss(): void {
    log(`${this.name} RSS (MB) after each phase, now/peak so far: ${this.rssLog.join(', ')}; peak ${round(this.peakRssMb())}`);
  }

  /** Notes the memory after the phase just finished; with BENCH_CPU_PROF, has the preload write its profile. */
  async cutProfile(phase: string): Promise<void> {
    const child = this.child;
    if (!child || this.pid === undefined) return;
    const { now, peak } = procMemoryMb(this.pid);
    this.rssLog.push(`${phase} ${Math.round(now)}/${Math.round(peak)}`);
    if (!CPU_PROF_DIR) return;
    const file = join(CPU_PROF_DIR, `${this.name}-${String(++this.profileSeq).padStart(2, '0')}-${phase}.cpuprofile`);
    let onMessage: (m: unknown) => void = () => undefined;
    let timer: NodeJS.Timeout | undefined;
    const written = await new Promise<boolean>((resolve) => {
      onMessage = (m) => {
        if (typeof m === 'object' && m !== null && (m as { profileWritten?: unknown }).profileWritten === file) resolve(true);
      };
      child.on('message', onMessage);
      timer = setTimeout(() => resolve(false), PROFILE_TIMEOUT_MS);
      child.send({ cutProfile: file });
    });
    clearTimeout(timer);
    child.off('message', onMessage);
    if (!written) log(`warning: ${this.name} wrote no profile for ${phase}`);
  }

  /** SIGTERM, and wait until the node has exited (see NodeProcess.kill). */
  stop(): Promise<void> {
    return this.kill();
  }

  /** At the end of its phases: logs the node's memory after each, stops it, and returns its peak RSS in MB. */
  async finish(): Promise<number> {
    const peak = this.peakRssMb();
    this.logRss();
    await this.stop();
    return peak;
  }
}
