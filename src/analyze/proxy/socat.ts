/**
 * socat ambassadors: `socat [options] <address> <address>` in a container's
 * command (exec form or an `sh -c` script). `TCP-LISTEN:<port>` (also
 * `TCP4-LISTEN`, `TCP6-LISTEN`, `TCP-L`, `OPENSSL-LISTEN`) is a listener;
 * `TCP:<host>:<port>` (also `TCP4`, `TCP6`, `TCP-CONNECT`, `OPENSSL`) is a
 * backend.
 */
import type { ContainerInfo } from '../../graph/model.js';
import { argvLine, base, invocations, type Word } from './argv.js';

export interface SocatAddress {
  role: 'listen' | 'connect';
  /** Address keyword as written (e.g. `TCP-LISTEN`). */
  keyword: string;
  host?: string;
  port?: number;
  /** Index range of the host and the port inside the address word. */
  hostSpan?: [number, number];
  portSpan?: [number, number];
}

const LISTEN = new Set(['tcp-listen', 'tcp4-listen', 'tcp6-listen', 'tcp-l', 'tcp4-l', 'tcp6-l', 'openssl-listen', 'ssl-l', 'openssl-l']);
const CONNECT = new Set(['tcp', 'tcp4', 'tcp6', 'tcp-connect', 'tcp4-connect', 'tcp6-connect', 'openssl', 'ssl', 'openssl-connect']);

/** socat options that take a separate value. */
const OPTS_WITH_VALUE = new Set(['-b', '-t', '-T', '-lf', '-lp', '-L', '-W', '-r', '-R', '-S', '-l']);

/** Parse one socat address (`TCP-LISTEN:8080,fork`, `TCP:svc:80`). Never throws. */
export function parseSocatAddress(word: string): SocatAddress | undefined {
  const colon = word.indexOf(':');
  if (colon <= 0) return undefined;
  const keyword = word.slice(0, colon);
  const kw = keyword.toLowerCase();
  const comma = word.indexOf(',', colon + 1);
  const paramsEnd = comma === -1 ? word.length : comma;
  const params = word.slice(colon + 1, paramsEnd);
  const base = colon + 1;
  const num = (s: string) => (/^\d{1,5}$/.test(s) && +s <= 65535 ? +s : undefined);
  if (LISTEN.has(kw)) {
    const port = num(params);
    if (port === undefined) return undefined;
    return { role: 'listen', keyword, port, portSpan: [base, base + params.length] };
  }
  if (CONNECT.has(kw)) {
    // host:port, [v6]:port
    let host: string;
    let portStr: string;
    let hostStart = base;
    if (params.startsWith('[')) {
      const close = params.indexOf(']');
      if (close === -1 || params[close + 1] !== ':') return undefined;
      host = params.slice(1, close);
      hostStart = base + 1;
      portStr = params.slice(close + 2);
    } else {
      const last = params.lastIndexOf(':');
      if (last <= 0) return undefined;
      host = params.slice(0, last);
      portStr = params.slice(last + 1);
    }
    const port = num(portStr);
    if (!host) return undefined;
    const portStart = base + params.length - portStr.length;
    return { role: 'connect', keyword, host, port, hostSpan: [hostStart, hostStart + host.length], portSpan: [portStart, portStart + portStr.length] };
  }
  return undefined;
}

/** The two addresses of a socat invocation given the words after `socat`. */
export function socatAddresses(args: string[]): { index: number; address: SocatAddress }[] {
  const out: { index: number; address: SocatAddress }[] = [];
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-') && args[i] !== '-' && !args[i]!.includes(':')) {
    i += OPTS_WITH_VALUE.has(args[i]!) ? 2 : 1;
  }
  for (let k = 0; k < 2 && i < args.length; k++, i++) {
    const a = parseSocatAddress(args[i]!);
    if (a) out.push({ index: i, address: a });
  }
  return out;
}

export interface SocatUse {
  container: ContainerInfo;
  address: SocatAddress;
  /** The address word in the manifest. */
  word: Word;
}

const isSocat = (n: string) => n === 'socat' || n === 'socat1' || n === 'socat2';
const SOCAT_NAMES = ['socat'];
/** An image whose entrypoint is socat (alpine/socat). */
export const SOCAT_IMAGE = /(^|\/)socat(:|@|$)/;

/** socat addresses in a container's command lines. */
export function containerSocat(c: ContainerInfo): SocatUse[] {
  const out: SocatUse[] = [];
  const lines: Word[][] = invocations(c, isSocat, SOCAT_NAMES).map((x) => x.words);
  // An image whose entrypoint is socat (alpine/socat) runs its `args` when no `command` is set.
  if (SOCAT_IMAGE.test(c.image ?? '')) {
    const first = argvLine(c);
    if (first && first.implicitEntrypoint && !isSocat(base(first.words[0]?.value ?? ''))) lines.push(first.words);
  }
  for (const words of lines) {
    for (const { index, address } of socatAddresses(words.map((w) => w.value))) out.push({ container: c, address, word: words[index]! });
  }
  return out;
}
