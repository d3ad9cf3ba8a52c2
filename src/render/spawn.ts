/**
 * Running a renderer: no shell, no network (proxies point at a closed local
 * port, git may not prompt or use any protocol but file), a timeout, output
 * collected whole.
 */
import { spawnSync } from 'node:child_process';

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
