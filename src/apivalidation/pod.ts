/**
 * Pod spec checks (pkg/apis/core/validation: ValidatePodSpec and the helpers
 * it calls), run on a Pod's spec and on every pod template of a workload.
 * Duplicate container names are the rule `duplicate-container-name`'s; a mount
 * of a missing volume is `volume-mount-missing-volume`'s; duplicate mount
 * paths are `duplicate-mount-path`'s; (containerPort, protocol) and volume
 * name uniqueness come from the list semantics (lists.ts).
 */
import type { PodCheck, CheckContext } from './check.js';
import { has, isObj, list, str } from './check.js';
import { isDNS1123Label, isValidPortName, nearValid } from './names.js';
import { annotationChecks, labelChecks } from './meta.js';
import { parseQuantity, quantityLE } from './quantity.js';
import type { Path } from '../load/nodes.js';
import type { PodTemplate } from '../graph/model.js';
import { fit } from '../util.js';

const GROUPS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
type Group = (typeof GROUPS)[number];

/**
 * A pod spec's containers with their paths, listed once per spec: the checks below walk them eight times
 * (and building a path per container per walk was a tenth of API validation's allocations). Paths are shared: never mutate them.
 */
type ContainerRow = { c: Record<string, any>; path: Path; group: Group };
const containerRows = new WeakMap<object, { at: Path; rows: ContainerRow[] }>();
function rowsOf(spec: Record<string, any>, at: Path): ContainerRow[] {
  const hit = containerRows.get(spec);
  if (hit && (hit.at === at || samePath(hit.at, at))) return hit.rows;
  const rows: ContainerRow[] = [];
  for (let k = 0; k < GROUPS.length; k++) {
    const g = GROUPS[k]!;
    const cs = list(spec[g]);
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i];
      if (isObj(c)) rows.push({ c, path: at.concat(g, i), group: g });
    }
  }
  const kept = fit(rows); // kept all run: at its exact size (src/util.ts)
  containerRows.set(spec, { at, rows: kept });
  return kept;
}
const samePath = (a: Path, b: Path) => a.length === b.length && a.every((x, i) => x === b[i]);

function eachContainer(spec: Record<string, any>, at: Path, fn: (c: Record<string, any>, path: Path, group: Group) => void) {
  const rows = rowsOf(spec, at);
  for (let i = 0; i < rows.length; i++) fn(rows[i]!.c, rows[i]!.path, rows[i]!.group);
}

const validPort = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;

/** Controllers and the pod restart policies they accept (ValidatePodTemplateSpecForX / ValidateJobSpec). */
const RESTART_POLICIES: Record<string, { allowed: string[]; follows: string }> = {
  Deployment: { allowed: ['Always'], follows: 'ValidatePodTemplateSpecForReplicaSet' },
  ReplicaSet: { allowed: ['Always'], follows: 'ValidatePodTemplateSpecForReplicaSet' },
  ReplicationController: { allowed: ['Always'], follows: 'ValidatePodTemplateSpecForRC' },
  DaemonSet: { allowed: ['Always'], follows: 'ValidateDaemonSetSpec' },
  StatefulSet: { allowed: ['Always'], follows: 'ValidateStatefulSetSpec' },
  Job: { allowed: ['OnFailure', 'Never'], follows: 'validateJobPodTemplateSpec' },
  CronJob: { allowed: ['OnFailure', 'Never'], follows: 'validateJobPodTemplateSpec' },
};

/** Overcommit (requests below limits) is allowed only for native resources (helper.IsOvercommitAllowed). */
function overcommitAllowed(name: string): boolean {
  if (name.startsWith('hugepages-')) return false;
  if (!name.includes('/')) return true;
  return name.startsWith('kubernetes.io/') ? true : false;
}

function resourceChecks(c: CheckContext, res: unknown, at: Path) {
  if (!isObj(res)) return;
  const req = isObj(res.requests) ? res.requests : {};
  const lim = isObj(res.limits) ? res.limits : {};
  for (const [k, v] of Object.entries(req)) {
    const q = parseQuantity(v);
    if (q === undefined) continue;
    if (q < 0) {
      c.report([...at, 'requests', k], `resources.requests.${k} is negative; the API server requires a quantity >= 0 (ValidateResourceQuantityValue).`);
      continue;
    }
    const hasLimit = lim[k] !== undefined && lim[k] !== null;
    if (!overcommitAllowed(k)) {
      if (!hasLimit) {
        c.report([...at, 'requests', k], `resources.requests.${k} is set without a limit; \`${k}\` cannot be overcommitted, so the API server requires a limit equal to the request (ValidateResourceRequirements). Add \`limits.${k}: ${String(v)}\`.`, 'key');
        continue;
      }
      const l = parseQuantity(lim[k]);
      if (l !== undefined && Math.abs(l - q) > Math.abs(l) * 1e-12) {
        c.report([...at, 'requests', k], `resources.requests.${k} (${String(v)}) must equal limits.${k} (${String(lim[k])}): \`${k}\` cannot be overcommitted (ValidateResourceRequirements).`);
      }
      continue;
    }
    if (!hasLimit) continue;
    const l = parseQuantity(lim[k]);
    if (l === undefined) continue;
    if (!quantityLE(q, l)) {
      c.report([...at, 'requests', k], `resources.requests.${k} (${String(v)}) is more than limits.${k} (${String(lim[k])}); the API server requires requests <= limits (ValidateResourceRequirements). Raise the limit or lower the request.`);
    }
  }
  for (const [k, v] of Object.entries(lim)) {
    const q = parseQuantity(v);
    if (q !== undefined && q < 0) c.report([...at, 'limits', k], `resources.limits.${k} is negative; the API server requires a quantity >= 0 (ValidateResourceQuantityValue).`);
  }
}

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

function probePort(c: CheckContext, port: unknown, at: Path) {
  if (typeof port === 'number') {
    if (!validPort(port)) c.report(at, `probe port ${port} must be between 1 and 65535 (ValidatePortNumOrName).`);
  } else if (typeof port === 'string') {
    if (/^\d+$/.test(port)) return; // an IntOrString written as a string of digits is parsed by the API server as a name; leave it
    const why = isValidPortName(port);
    if (why) c.report(at, `probe port name \`${port}\` ${why} (ValidatePortNumOrName, IsValidPortName).`);
  }
}

function probeChecks(c: CheckContext, probe: unknown, at: Path, kind: 'liveness' | 'readiness' | 'startup') {
  if (!isObj(probe)) return;
  const handlers = HANDLERS.filter((h) => has(probe, h));
  if (handlers.length === 0) {
    c.report(at, `${kind}Probe has no handler; the API server requires exactly one of \`exec\`, \`httpGet\`, \`tcpSocket\` or \`grpc\` (validateHandler).`, 'key');
  } else if (handlers.length > 1) {
    c.report([...at, handlers[1]!], `${kind}Probe sets both \`${handlers[0]}\` and \`${handlers[1]}\`; the API server allows one handler per probe (validateHandler). Keep one.`, 'key');
  }
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    const v = probe[f];
    if (typeof v === 'number' && v < 0) c.report([...at, f], `${kind}Probe.${f} must be >= 0 (ValidateNonnegativeField).`);
  }
  if (kind !== 'readiness' && typeof probe.successThreshold === 'number' && probe.successThreshold !== 1) {
    c.report([...at, 'successThreshold'], `${kind}Probe.successThreshold must be 1 (validate${kind === 'liveness' ? 'Liveness' : 'Startup'}Probe): a ${kind} probe succeeds on its first success. Set it to 1, or drop it.`);
  }
  if (kind === 'readiness' && has(probe, 'terminationGracePeriodSeconds')) {
    c.report([...at, 'terminationGracePeriodSeconds'], `readinessProbe.terminationGracePeriodSeconds is not allowed (validateReadinessProbe): it only applies to liveness and startup probes. Remove it.`, 'key');
  }
  if (isObj(probe.httpGet)) probePort(c, probe.httpGet.port, [...at, 'httpGet', 'port']);
  if (isObj(probe.tcpSocket)) probePort(c, probe.tcpSocket.port, [...at, 'tcpSocket', 'port']);
}

/** Env var names: C identifiers (and '-', '.') before 1.32, any printable ASCII but '=' since (RelaxedEnvironmentVariableValidation). */
function envNameError(name: string, relaxed: boolean): string | undefined {
  if (name === '') return 'must not be empty';
  if (relaxed) return /^[\x20-\x3c\x3e-\x7e]+$/.test(name) ? undefined : `must consist of printable ASCII characters other than '='`;
  return /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name)
    ? undefined
    : `must consist of letters, digits, '_', '-' or '.', and must not start with a digit (Kubernetes before 1.32)`;
}

function subPathError(p: string): string | undefined {
  if (p.startsWith('/')) return 'must be a relative path';
  if (p.split(/[\\/]/).includes('..')) return "must not contain '..'";
  return undefined;
}

/** seccompProfile / appArmorProfile: `localhostProfile` exactly when `type: Localhost`. */
function profileChecks(c: CheckContext, sc: unknown, at: Path) {
  if (!isObj(sc)) return;
  for (const [field, what, follows] of [
    ['seccompProfile', 'seccomp', 'validateSeccompProfileField'],
    ['appArmorProfile', 'AppArmor', 'validateAppArmorProfileField'],
  ] as const) {
    const p = sc[field];
    if (!isObj(p) || typeof p.type !== 'string') continue;
    const local = has(p, 'localhostProfile');
    if (p.type === 'Localhost' && !local) {
      c.report([...at, field], `${field} has \`type: Localhost\` but no \`localhostProfile\`; the API server requires the profile's path (${follows}). Add \`localhostProfile:\`.`, 'key');
    } else if (p.type !== 'Localhost' && local) {
      c.report([...at, field, 'localhostProfile'], `${field}.localhostProfile can only be set when the ${what} profile type is \`Localhost\`, not \`${p.type}\` (${follows}). Remove it, or set \`type: Localhost\`.`, 'key');
    }
  }
}

export const POD_CHECKS: PodCheck[] = [
  {
    id: 'template-metadata',
    follows: 'ValidatePodTemplateSpec (ValidateObjectMeta: ValidateLabels, ValidateAnnotations)',
    run(c, t) {
      if (t.resource.kind === 'Pod') return; // the object's own metadata: metadata-labels
      const md = t.labelsPath.slice(0, -1);
      let o: unknown = t.resource.obj;
      for (const seg of md) o = isObj(o) ? o[seg as string] : undefined;
      if (!isObj(o)) return;
      labelChecks(c, o.labels, [...md, 'labels'], 'template label');
      annotationChecks(c, o.annotations, [...md, 'annotations']);
    },
  },
  {
    id: 'security-profiles',
    follows: 'validateSeccompProfileField, validateAppArmorProfileField',
    run(c, _t, spec, at) {
      // paths made only where there is something to check (most pods and containers set no securityContext)
      if (isObj(spec.securityContext)) profileChecks(c, spec.securityContext, at.concat('securityContext'));
      eachContainer(spec, at, (ctr, path) => isObj(ctr.securityContext) && profileChecks(c, ctr.securityContext, path.concat('securityContext')));
    },
  },
  {
    id: 'container-name',
    follows: 'validateContainers (IsDNS1123Label)',
    run(c, _t, spec, at) {
      eachContainer(spec, at, (ctr, path) => {
        const name = str(ctr.name);
        if (!name) return;
        const why = isDNS1123Label(name);
        if (why) {
          const near = nearValid(name, isDNS1123Label);
          c.report([...path, 'name'], `container name \`${name}\` ${why} (validateContainers).${near ? ` Did you mean \`${near}\`?` : ''}`);
        }
      });
    },
  },
  {
    id: 'container-image',
    follows: 'validateContainersOnlyForPod',
    run(c, t, spec, at) {
      if (t.resource.kind !== 'Pod') return; // a template's image may be set by a controller or admission
      eachContainer(spec, at, (ctr, path) => {
        const img = ctr.image;
        if (img === undefined || img === null || img === '') {
          c.report(path, `container \`${ctr.name ?? '?'}\` has no \`image\`; the API server requires one in a Pod (validateContainersOnlyForPod). Add \`image:\`.`, 'key');
        } else if (typeof img === 'string' && img !== img.trim()) {
          c.report([...path, 'image'], `image \`${img}\` has leading or trailing whitespace, which the API server rejects (validateContainersOnlyForPod). Trim it.`);
        }
      });
    },
  },
  {
    id: 'container-ports',
    follows: 'validateContainerPorts (IsValidPortNum, IsValidPortName)',
    run(c, _t, spec, at) {
      eachContainer(spec, at, (ctr, path) => {
        const names = new Map<string, number>();
        list(ctr.ports).forEach((p, i) => {
          if (!isObj(p)) return;
          const pp = path.concat('ports', i);
          if (typeof p.containerPort === 'number' && !validPort(p.containerPort)) c.report([...pp, 'containerPort'], `containerPort ${p.containerPort} must be between 1 and 65535 (validateContainerPorts).`);
          if (typeof p.hostPort === 'number' && p.hostPort !== 0 && !validPort(p.hostPort)) c.report([...pp, 'hostPort'], `hostPort ${p.hostPort} must be between 1 and 65535, or 0 for none (validateContainerPorts).`);
          const name = str(p.name);
          if (!name) return;
          const why = isValidPortName(name);
          if (why) {
            const near = nearValid(name, isValidPortName);
            c.report([...pp, 'name'], `port name \`${name}\` ${why} (validateContainerPorts, IsValidPortName: an IANA service name).${near ? ` Did you mean \`${near}\`?` : ''}`);
          } else if (names.has(name)) {
            c.report([...pp, 'name'], `port name \`${name}\` is used twice in container \`${ctr.name ?? '?'}\` (first at ports[${names.get(name)}]); the API server requires unique port names (validateContainerPorts). Rename one.`);
          } else names.set(name, i);
        });
      });
    },
  },
  {
    id: 'container-env-name',
    follows: 'validateEnv (IsEnvVarName; relaxed from 1.32)',
    run(c, _t, spec, at) {
      const relaxed = c.atLeast(32);
      eachContainer(spec, at, (ctr, path) => {
        list(ctr.env).forEach((e, i) => {
          if (!isObj(e) || typeof e.name !== 'string') return;
          const why = envNameError(e.name, relaxed);
          if (why) c.report([...path, 'env', i, 'name'], `environment variable name \`${e.name}\` ${why} (validateEnv).`);
        });
      });
    },
  },
  {
    id: 'resources',
    follows: 'ValidateResourceRequirements',
    run(c, _t, spec, at) {
      eachContainer(spec, at, (ctr, path) => isObj(ctr.resources) && resourceChecks(c, ctr.resources, path.concat('resources')));
      if (isObj(spec.resources)) resourceChecks(c, spec.resources, at.concat('resources'));
    },
  },
  {
    id: 'probes',
    follows: 'validateProbe, validateLivenessProbe, validateReadinessProbe, validateStartupProbe, validateInitContainers',
    run(c, _t, spec, at) {
      eachContainer(spec, at, (ctr, path, group) => {
        const sidecar = group === 'initContainers' && ctr.restartPolicy === 'Always';
        for (const kind of ['liveness', 'readiness', 'startup'] as const) {
          const key = `${kind}Probe`;
          if (!has(ctr, key)) continue;
          if (group === 'initContainers' && !sidecar) {
            c.report([...path, key], `init container \`${ctr.name ?? '?'}\` has a ${key}; the API server allows probes only on containers and native sidecars (init containers with \`restartPolicy: Always\`) (validateInitContainers). Remove it.`, 'key');
            continue;
          }
          if (group === 'ephemeralContainers') continue; // schema/unknown-field territory: ephemeral containers take no probes
          if (sidecar && kind === 'readiness') {
            // native sidecars may carry readiness probes
          }
          probeChecks(c, ctr[key], path.concat(key), kind);
        }
      });
    },
  },
  {
    id: 'restart-policy',
    follows: 'ValidatePodTemplateSpecForReplicaSet, ValidateDaemonSetSpec, ValidateStatefulSetSpec, validateJobPodTemplateSpec',
    run(c, t, spec, at) {
      const rule = RESTART_POLICIES[t.resource.kind];
      const v = str(spec.restartPolicy);
      if (!rule || v === undefined) return;
      if (!rule.allowed.includes(v)) {
        c.report([...at, 'restartPolicy'], `restartPolicy \`${v}\` is not allowed in a ${t.resource.kind}'s pod template: supported ${rule.allowed.length > 1 ? 'values are' : 'value is'} ${rule.allowed.map((x) => '`' + x + '`').join(' and ')} (${rule.follows}).${rule.allowed.length === 1 ? ` Use \`${rule.allowed[0]}\`, or drop the field.` : ''}`);
      }
    },
  },
  {
    id: 'container-restart-policy',
    follows: 'validateInitContainers, validateContainers (native sidecars)',
    run(c, _t, spec, at) {
      eachContainer(spec, at, (ctr, path, group) => {
        const v = ctr.restartPolicy;
        if (v === undefined || v === null) return;
        if (group === 'initContainers') {
          if (v !== 'Always') c.report([...path, 'restartPolicy'], `restartPolicy \`${String(v)}\` on init container \`${ctr.name ?? '?'}\` is not supported: the only supported value is \`Always\` (a native sidecar) (validateInitContainers). Remove it, or use \`Always\`.`);
        } else {
          c.report([...path, 'restartPolicy'], `restartPolicy on ${group === 'containers' ? 'container' : 'ephemeral container'} \`${ctr.name ?? '?'}\` is forbidden: only init containers take one (\`Always\` makes a native sidecar) (validateContainers). Remove it, or move the container to initContainers.`, 'key');
        }
      });
    },
  },
  {
    id: 'volume-name',
    follows: 'ValidateVolumes (IsDNS1123Label)',
    run(c, _t, spec, at) {
      list(spec.volumes).forEach((v, i) => {
        if (!isObj(v) || typeof v.name !== 'string') return;
        const why = isDNS1123Label(v.name);
        if (why) {
          const near = nearValid(v.name, isDNS1123Label);
          c.report([...at, 'volumes', i, 'name'], `volume name \`${v.name}\` ${why} (ValidateVolumes).${near ? ` Did you mean \`${near}\`?` : ''}`);
        }
      });
    },
  },
  {
    id: 'volume-source',
    follows: 'validateVolumeSource',
    run(c, _t, spec, at) {
      list(spec.volumes).forEach((v, i) => {
        if (!isObj(v)) return;
        // no source at all is fine: defaulting makes it an emptyDir (SetDefaults_Volume)
        const sources = Object.keys(v).filter((k) => k !== 'name' && v[k] !== null && v[k] !== undefined);
        if (sources.length > 1) {
          c.report([...at, 'volumes', i, sources[1]!], `volume \`${v.name ?? '?'}\` has more than one source (\`${sources.join('`, `')}\`); the API server allows one per volume (validateVolumeSource). Keep one, or split it into several volumes.`, 'key');
        }
      });
    },
  },
  {
    id: 'volume-mounts',
    follows: 'ValidateVolumeMounts (validateLocalDescendingPath)',
    run(c, _t, spec, at) {
      eachContainer(spec, at, (ctr, path) => {
        list(ctr.volumeMounts).forEach((m, i) => {
          if (!isObj(m)) return;
          const mp = path.concat('volumeMounts', i);
          const sp = str(m.subPath);
          if (sp) {
            const why = subPathError(sp);
            if (why) c.report([...mp, 'subPath'], `subPath \`${sp}\` ${why} (ValidateVolumeMounts): it names a path inside the volume.`);
          }
          if (sp && str(m.subPathExpr)) c.report([...mp, 'subPathExpr'], `volume mount sets both \`subPath\` and \`subPathExpr\`; the API server allows one (ValidateVolumeMounts).`, 'key');
          const spe = str(m.subPathExpr);
          if (spe) {
            const why = subPathError(spe);
            if (why) c.report([...mp, 'subPathExpr'], `subPathExpr \`${spe}\` ${why} (ValidateVolumeMounts).`);
          }
        });
      });
    },
  },
];

export type { PodTemplate };
