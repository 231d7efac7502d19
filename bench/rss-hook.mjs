// Preloaded with `node --import` by the benchmark: writes the process's peak RSS (KiB) to
// $RESPCAT_BENCH_RSS when it exits, so every contestant is measured the same way. On Linux it is
// VmHWM from /proc/self/status: getrusage's maxrss survives exec, so a child would report the
// benchmark's own peak (it was forked from it) whenever that is the larger.
import { readFileSync, writeFileSync } from 'node:fs';

const target = process.env.RESPCAT_BENCH_RSS;
if (target) {
  process.on('exit', () => {
    let kib = process.resourceUsage().maxRSS;
    try {
      const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
      if (match) kib = Number(match[1]);
    } catch {
      // Not Linux: getrusage it is.
    }
    writeFileSync(target, String(kib));
    // And, beside it, the CPU time of every thread (user + system, ms): steadier than wall time on a busy machine.
    const { user, system } = process.cpuUsage();
    writeFileSync(`${target}.cpu`, String((user + system) / 1000));
  });
}
