/**
 * Kubernetes' `$(VAR)` expansion, as the kubelet applies it to `env[].value`,
 * `command`, `args` and `subPathExpr` (third_party/forked/golang/expansion):
 * `$(NAME)` is a reference, `$$` an escaped `$` (so `$$(X)` stays `$(X)`), a `$`
 * followed by anything else, or an unclosed `$(`, is literal text. A reference
 * the mapping cannot resolve stays as written — except in `subPathExpr`, where
 * the kubelet refuses to start the container ("missing value for NAME").
 *
 * Resolution order: an env value sees `envFrom`, the entries above it and the
 * service-link variables; command, args and subPathExpr see the container's
 * whole environment.
 */
import type { ContainerInfo, Graph } from '../graph/model.js';
import { allNamed, dataKeys } from './references.js';
import { isObj } from '../util.js';

export interface VarRef {
  name: string;
  /** Offsets of `$(NAME)` in the string. */
  start: number;
  end: number;
}

/** The `$(NAME)` references of a string, escapes honoured. */
export function varRefs(s: string): VarRef[] {
  const out: VarRef[] = [];
  for (let i = 0; i < s.length - 1; i++) {
    if (s[i] !== '$') continue;
    const next = s[i + 1];
    if (next === '$') {
      i++;
      continue;
    }
    if (next !== '(') continue;
    const close = s.indexOf(')', i + 2);
    if (close < 0) break;
    out.push({ name: s.slice(i + 2, close), start: i, end: close + 1 });
    i = close;
  }
  return out;
}

/** Service-link variables the kubelet adds (`FOO_SERVICE_HOST`, `FOO_PORT_80_TCP_ADDR` ...). */
const SERVICE_LINK = /^[A-Z0-9_]+_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)?)$/;

/** Is `name` a service-link variable the kubelet may define for this pod? */
export function isServiceLinkVar(c: ContainerInfo, name: string): boolean {
  if (!SERVICE_LINK.test(name)) return false;
  // The `kubernetes` Service's variables are always set; others only with enableServiceLinks (default true).
  return name.startsWith('KUBERNETES_') || (c.template.spec as any)?.enableServiceLinks !== false;
}

export interface EnvFromSources {
  /** Names provided by envFrom sources of the linted set (prefix applied). */
  known: Set<string>;
  /** Prefixes of envFrom sources whose keys are unknown (absent from the set): any name with one may be defined. */
  unknownPrefixes: string[];
}

/** What a container's `envFrom` provides. */
export function envFromSources(graph: Graph, c: ContainerInfo): EnvFromSources {
  const known = new Set<string>();
  const unknownPrefixes: string[] = [];
  const list = (c.spec as any).envFrom;
  if (Array.isArray(list))
    for (const ef of list) {
      if (!isObj(ef)) continue;
      const prefix = typeof ef.prefix === 'string' ? ef.prefix : '';
      const ref: [string, Record<string, any>] | undefined = isObj(ef.configMapRef) ? ['ConfigMap', ef.configMapRef] : isObj(ef.secretRef) ? ['Secret', ef.secretRef] : undefined;
      const name = ref && typeof ref[1].name === 'string' ? ref[1].name : undefined;
      const objs = ref && name ? allNamed(graph, ref[0], c.template.namespace, name) : [];
      if (!objs.length) {
        unknownPrefixes.push(prefix);
        continue;
      }
      for (const o of objs) for (const k of dataKeys(o)) known.add(prefix + k);
    }
  return { known, unknownPrefixes };
}
