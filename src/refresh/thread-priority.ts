import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";

/**
 * Linux: gives the calling thread the nice value `nice` (0–19, higher yields more), leaving the
 * process's other threads as they are, and returns the thread's id; `null` where that cannot be
 * done (another OS, no /proc) or `nice` is 0.
 *
 * Linux schedules threads, not processes: `setpriority(PRIO_PROCESS, tid)` with a thread id changes
 * that thread alone (setpriority(2), "a thread's nice value is a per-thread attribute"), and raising
 * one's own nice value needs no privilege. Node's `os.setPriority(pid)` is that call; the thread's id
 * is the last part of `/proc/thread-self` (`<pid>/task/<tid>`).
 */
export function lowerThreadPriority(nice: number): number | null {
  if (nice <= 0) return null;
  let tid: number;
  try {
    tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
  } catch {
    return null;
  }
  if (!Number.isInteger(tid) || tid <= 0) return null;
  try {
    setPriority(tid, Math.min(19, Math.trunc(nice)));
    return tid;
  } catch {
    return null;
  }
}
