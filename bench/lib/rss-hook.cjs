// Loaded with `node --require` into a measured child when /usr/bin/time is not
// available: on exit, writes "<maxRSS KiB> <user CPU µs> <system CPU µs>" of the
// whole process (worker threads included) to $PODLINT_BENCH_RUSAGE.
'use strict';
const out = process.env.PODLINT_BENCH_RUSAGE;
if (out) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    require('node:fs').writeFileSync(out, `${u.maxRSS} ${u.userCPUTime} ${u.systemCPUTime}\n`);
  });
}
