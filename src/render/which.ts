/** Find an executable on PATH (no shell, no network). */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const found = new Map<string, string | null>();

export function which(cmd: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const key = `${cmd}\u0000${env.PATH ?? ''}`;
  const hit = found.get(key);
  if (hit !== undefined) return hit ?? undefined;
  let out: string | undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, cmd);
    try {
      if (!statSync(p).isFile()) continue;
      accessSync(p, constants.X_OK);
      out = p;
      break;
    } catch {
      /* not here */
    }
  }
  found.set(key, out ?? null);
  return out;
}
