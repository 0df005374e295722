// CPU time of process trees from /proc (Linux): what the API and PostgreSQL spent on a measured window,
// so that a throughput figure can be read against the machine's cores ("X ms of CPU per action").
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

const TICK_MS = 1000 / 100; // USER_HZ: 100 on Linux

function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 (state) on.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return {
      ppid: Number(fields[1]),
      // utime, stime, cutime, cstime: fields 14–17 of proc(5), i.e. 11–14 here.
      own: Number(fields[11]) + Number(fields[12]),
      reaped: Number(fields[13]) + Number(fields[14]),
    };
  } catch {
    return null;
  }
}

/**
 * CPU ms used so far by the processes rooted at `roots` (pids) and all their live descendants, plus the
 * children the roots have already reaped (PostgreSQL backends that ended). Null where /proc is missing.
 */
export function treeCpuMs(roots) {
  if (os.platform() !== 'linux') return null;
  const all = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(Number(name));
    if (s) all.set(Number(name), s);
  }
  const wanted = new Set(roots.filter((pid) => pid !== undefined && all.has(pid)));
  let ticks = 0;
  for (const [pid, s] of all) {
    let q = pid;
    for (let hops = 0; q > 1 && hops < 64; hops++) {
      if (wanted.has(q)) {
        ticks += s.own + (wanted.has(pid) ? s.reaped : 0);
        break;
      }
      q = all.get(q)?.ppid ?? 0;
    }
  }
  return ticks * TICK_MS;
}
