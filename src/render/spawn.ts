/**
 * Running a renderer: no shell, no network (proxies point at a closed local
 * port, git may not prompt or use any protocol but file), a timeout, output
 * collected whole.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export const DEFAULT_RENDER_TIMEOUT_MS = 60_000;

const NO_NETWORK_ENV = {
  HTTP_PROXY: 'http://127.0.0.1:9',
  HTTPS_PROXY: 'http://127.0.0.1:9',
  http_proxy: 'http://127.0.0.1:9',
  https_proxy: 'http://127.0.0.1:9',
  ALL_PROXY: 'http://127.0.0.1:9',
  NO_PROXY: '',
  no_proxy: '',
  GIT_TERMINAL_PROMPT: '0',
  GIT_ALLOW_PROTOCOL: 'file',
  // kustomize's exec and container plugins stay off without --enable-alpha-plugins; no plugin home either
  KUSTOMIZE_PLUGIN_HOME: '/nonexistent',
};

export type Run = { ok: true; stdout: string } | { ok: false; error: string; stderr?: string };

/** Run `cmd args`; `name` is how the tool is named in messages. */
export function runRenderer(name: string, cmd: string, args: string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Run {
  const timeout = opts.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS;
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    timeout,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...(opts.env ?? process.env), ...NO_NETWORK_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error) {
    if ((r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return { ok: false, error: `${name} did not finish within ${Math.round(timeout / 1000)} s` };
    return { ok: false, error: `${name} could not run: ${r.error.message}` };
  }
  if (r.status !== 0) return { ok: false, error: '', stderr: r.stderr || r.stdout || `exit status ${r.status}` };
  return { ok: true, stdout: r.stdout };
}

export interface Job {
  name: string;
  cmd: string;
  args: string[];
}

/**
 * The runner of several renderer jobs at once, as a child Node process: the
 * lint pipeline is synchronous, so the parallel part runs in a process of
 * its own that spawns the jobs (as many at a time as there are cores),
 * collects their output and prints it as JSON.
 */
const RUNNER = `
const { spawn } = require('node:child_process');
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  const { jobs, env, timeout, concurrency } = JSON.parse(input);
  const out = new Array(jobs.length);
  let next = 0, running = 0, done = 0;
  const finish = (i, r) => {
    if (out[i]) return;
    out[i] = r;
    running--;
    done++;
    if (done === jobs.length) process.stdout.write(JSON.stringify(out));
    else start();
  };
  const start = () => {
    while (running < concurrency && next < jobs.length) {
      const i = next++;
      running++;
      const so = [], se = [];
      let killed = false;
      let c;
      try {
        c = spawn(jobs[i].cmd, jobs[i].args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        finish(i, { error: String(e && e.message) });
        continue;
      }
      const t = setTimeout(() => { killed = true; c.kill('SIGKILL'); }, timeout);
      c.stdout.on('data', (d) => so.push(d));
      c.stderr.on('data', (d) => se.push(d));
      c.on('error', (e) => { clearTimeout(t); finish(i, { error: String(e && e.message) }); });
      c.on('close', (code) => { clearTimeout(t); finish(i, killed ? { timeout: true } : { code, stdout: Buffer.concat(so).toString('utf8'), stderr: Buffer.concat(se).toString('utf8') }); });
    }
  };
  if (jobs.length === 0) process.stdout.write('[]');
  else start();
});
`;

/** Run several jobs, in parallel where there is more than one; results in the jobs' order. */
export function runRenderers(jobs: Job[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Run[] {
  // PODLINT_RENDER_JOBS=1: one at a time (to measure, or on a machine where parallel renders hurt)
  const most = Number((opts.env ?? process.env).PODLINT_RENDER_JOBS) || 0;
  if (jobs.length <= 1 || most === 1) return jobs.map((j) => runRenderer(j.name, j.cmd, j.args, opts));
  const timeout = opts.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS;
  const concurrency = most > 1 ? most : Math.max(2, Math.min(8, availableParallelism()));
  const r = spawnSync(process.execPath, ['-e', RUNNER], {
    input: JSON.stringify({ jobs, env: { ...(opts.env ?? process.env), ...NO_NETWORK_ENV }, timeout, concurrency }),
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    // every job has its own timeout; this bounds the runner itself
    timeout: timeout * Math.ceil(jobs.length / concurrency) + 30_000,
  });
  let parsed: ({ code: number | null; stdout: string; stderr: string } | { timeout: true } | { error: string })[] | undefined;
  try {
    parsed = JSON.parse(r.stdout);
  } catch {
    parsed = undefined;
  }
  // the runner itself failed (no output): fall back to one job at a time
  if (!Array.isArray(parsed) || parsed.length !== jobs.length) return jobs.map((j) => runRenderer(j.name, j.cmd, j.args, opts));
  return parsed.map((x, i): Run => {
    const name = jobs[i]!.name;
    if ('timeout' in x) return { ok: false, error: `${name} did not finish within ${Math.round(timeout / 1000)} s` };
    if ('error' in x) return { ok: false, error: `${name} could not run: ${x.error}` };
    if (x.code !== 0) return { ok: false, error: '', stderr: x.stderr || x.stdout || `exit status ${x.code}` };
    return { ok: true, stdout: x.stdout };
  });
}
