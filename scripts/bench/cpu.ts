// CPU use over a window, from /proc (Linux): the whole machine (all cores, % of one core × cores, so
// 100 % is every core busy) and one process tree (PostgreSQL: the postmaster and its backends; a
// backend that exits meanwhile is counted through the postmaster's reaped-children time).
import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";

const TICKS_PER_SECOND = 100;

function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = fields[3]! + (fields[4] ?? 0);
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

function statOf(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    return text.slice(text.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined; // exited
  }
}

/** utime + stime of `root` (with its reaped children) and of its live children, in ticks. */
function treeTicks(root: number): number {
  const own = statOf(root);
  if (!own) return 0;
  // fields after "(comm) ": state ppid … utime(11) stime(12) cutime(13) cstime(14), 0-based from state
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(Number(entry));
    if (stat && Number(stat[1]) === root) ticks += Number(stat[11]) + Number(stat[12]);
  }
  return ticks;
}

export interface CpuUse {
  /** % of the whole machine (every core) */
  machine: number;
  /** % of one core used by the process tree */
  tree: number;
  /** CPU seconds the process tree used */
  treeSeconds: number;
}

/** Starts measuring; the function it returns ends the window and answers the figures. */
export function measureCpu(treeRoot: number | undefined): () => CpuUse {
  const machine0 = machineTicks();
  const tree0 = treeRoot ? treeTicks(treeRoot) : 0;
  const t0 = performance.now();
  return () => {
    const machine1 = machineTicks();
    const seconds = (performance.now() - t0) / 1000;
    const treeSeconds = treeRoot ? (treeTicks(treeRoot) - tree0) / TICKS_PER_SECOND : NaN;
    const machine = ((machine1.busy - machine0.busy) / (machine1.total - machine0.total)) * 100;
    return { machine, tree: (treeSeconds / seconds) * 100, treeSeconds };
  };
}

export const CORES = cpus().length;
