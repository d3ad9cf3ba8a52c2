/**
 * Checks of Services, workloads, autoscaling, disruption budgets, CronJobs,
 * Ingresses and APIServices (pkg/apis/{core,apps,batch,autoscaling,policy,
 * networking}/validation, kube-aggregator's validation).
 */
import type { ObjectCheck, CheckContext } from './check.js';
import { has, isObj, list, str } from './check.js';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isValidPortName, isWildcardDNS1123Subdomain, nearValid } from './names.js';
import { cronError, DESCRIPTORS } from './cron.js';
import { labelChecks } from './meta.js';
import { isQualifiedName, isValidLabelValue } from './names.js';
import { nearNames } from '../engine/suggest.js';
import type { Path } from '../load/nodes.js';

const validPort = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;

function nonNegative(c: CheckContext, obj: unknown, at: Path, fields: string[], follows = 'ValidateNonnegativeField') {
  if (!isObj(obj)) return;
  for (const f of fields) {
    const v = obj[f];
    if (typeof v === 'number' && v < 0) c.report([...at, f], `${at.join('.')}.${f} is ${v}; it must be >= 0 (${follows}).`);
  }
}

/** IntOrString percent: "n%" with 0 <= n <= 100 (ValidatePositiveIntOrPercent, IsNotMoreThan100Percent). */
function percent(c: CheckContext, v: unknown, at: Path, what: string, follows: string) {
  if (typeof v === 'number') {
    if (v < 0) c.report(at, `${what} is ${v}; it must be >= 0 (${follows}).`);
    return;
  }
  if (typeof v !== 'string') return;
  const m = /^(\d+)%$/.exec(v);
  if (!m) {
    c.report(at, `${what} \`${v}\` must be an integer or a percentage such as "25%" (${follows}).`);
    return;
  }
  if (Number(m[1]) > 100) c.report(at, `${what} \`${v}\` must not be more than 100% (${follows}).`);
}
const isZero = (v: unknown) => v === 0 || v === '0%';

function isIP(s: string): boolean {
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s)) return s.split('.').every((x) => Number(x) <= 255);
  return s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s);
}

const SERVICE_TYPES_WITH_NODE_PORTS = ['NodePort', 'LoadBalancer'];

/** A metav1.LabelSelector: matchLabels keys and values, matchExpressions keys and In/NotIn values. */
function selectorChecks(c: CheckContext, sel: unknown, at: Path) {
  if (!isObj(sel)) return;
  labelChecks(c, sel.matchLabels, [...at, 'matchLabels'], 'selector label');
  list(sel.matchExpressions).forEach((e, i) => {
    if (!isObj(e)) return;
    if (typeof e.key === 'string') {
      const why = isQualifiedName(e.key);
      if (why) c.report([...at, 'matchExpressions', i, 'key'], `selector key \`${e.key}\` ${why} (ValidateLabelSelectorRequirement).`);
    }
    const op = e.operator;
    const values = list(e.values);
    if ((op === 'In' || op === 'NotIn') && values.length === 0) {
      c.report([...at, 'matchExpressions', i], `a selector requirement with operator ${op} needs at least one value (ValidateLabelSelectorRequirement).`, 'key');
    } else if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
      c.report([...at, 'matchExpressions', i, 'values'], `a selector requirement with operator ${op} must have no values (ValidateLabelSelectorRequirement). Remove \`values\`.`, 'key');
    }
    values.forEach((v, j) => {
      if (typeof v !== 'string') return;
      const why = isValidLabelValue(v);
      if (why) c.report([...at, 'matchExpressions', i, 'values', j], `selector value \`${v}\` ${why} (ValidateLabelSelectorRequirement).`);
    });
  });
}

export const OBJECT_CHECKS: ObjectCheck[] = [
  {
    id: 'label-selector',
    follows: 'ValidateLabelSelector, ValidateLabelSelectorRequirement',
    kinds: ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'PodDisruptionBudget', 'NetworkPolicy'],
    run(c, obj) {
      if (c.r.kind === 'NetworkPolicy') {
        selectorChecks(c, obj.spec?.podSelector, ['spec', 'podSelector']);
        return;
      }
      selectorChecks(c, obj.spec?.selector, ['spec', 'selector']);
    },
  },
  {
    id: 'job-name-length',
    follows: 'Job generateSelector (label batch.kubernetes.io/job-name) + ValidateLabels',
    kinds: ['Job'],
    run(c, obj) {
      const name = str(obj.metadata?.name);
      if (!name || name.length <= 63 || obj.spec?.manualSelector === true) return;
      c.report(['metadata', 'name'], `Job name is ${name.length} characters; the API server copies it into the label \`batch.kubernetes.io/job-name\` of the pod template, and label values are at most 63 characters, so the Job is rejected (generateSelector, ValidateLabels). Shorten it to 63.`);
    },
  },
  {
    id: 'service-ports',
    follows: 'ValidateService, validateServicePort',
    kinds: ['Service'],
    run(c, obj) {
      const spec = isObj(obj.spec) ? obj.spec : {};
      const type = str(spec.type) ?? 'ClusterIP';
      const headless = spec.clusterIP === 'None';
      const ports = list(spec.ports);
      if (ports.length === 0 && !headless && type !== 'ExternalName' && !c.kustomized) {
        c.report(isObj(obj.spec) ? ['spec'] : [], `Service has no ports; the API server requires at least one unless the Service is headless (\`clusterIP: None\`) or of type ExternalName (ValidateService). Add \`spec.ports\`.`, 'key');
      }
      const names = new Map<string, number>();
      ports.forEach((p, i) => {
        if (!isObj(p)) return;
        const at: Path = ['spec', 'ports', i];
        const name = str(p.name);
        if (ports.length > 1 && !name) {
          c.report(at, `Service port ${i} has no \`name\`; when a Service has several ports each needs a name (validateServicePort). Add e.g. \`name: ${typeof p.port === 'number' ? `port-${p.port}` : 'http'}\`.`, 'key');
        }
        if (name) {
          const why = isDNS1123Label(name);
          if (why) {
            const near = nearValid(name, isDNS1123Label);
            c.report([...at, 'name'], `Service port name \`${name}\` ${why} (validateServicePort).${near ? ` Did you mean \`${near}\`?` : ''}`);
          } else if (names.has(name)) {
            c.report([...at, 'name'], `Service port name \`${name}\` is used twice (first at ports[${names.get(name)}]); the API server requires unique port names (validateServicePort). Rename one.`);
          } else names.set(name, i);
        }
        if (typeof p.port === 'number' && !validPort(p.port)) c.report([...at, 'port'], `Service port ${p.port} must be between 1 and 65535 (validateServicePort).`);
        if (typeof p.targetPort === 'number' && !validPort(p.targetPort)) c.report([...at, 'targetPort'], `targetPort ${p.targetPort} must be between 1 and 65535 (validateServicePort).`);
        if (typeof p.targetPort === 'string' && !/^\d+$/.test(p.targetPort)) {
          const why = isValidPortName(p.targetPort);
          if (why) c.report([...at, 'targetPort'], `targetPort name \`${p.targetPort}\` ${why} (validateServicePort, IsValidPortName).`);
        }
        // nodePort 0 is the unset value (the API server allocates one for NodePort/LoadBalancer)
        if (has(p, 'nodePort') && p.nodePort !== 0) {
          if (!SERVICE_TYPES_WITH_NODE_PORTS.includes(type)) {
            c.report([...at, 'nodePort'], `nodePort is set on a Service of type ${type}; the API server allows it only with type NodePort or LoadBalancer (ValidateService). Remove it, or set \`type: NodePort\`.`, 'key');
          } else if (typeof p.nodePort === 'number' && !validPort(p.nodePort)) {
            c.report([...at, 'nodePort'], `nodePort ${p.nodePort} must be between 1 and 65535 (validateServicePort).`);
          }
        }
      });
    },
  },
  {
    id: 'service-type',
    follows: 'ValidateService (clusterIP None, ExternalName)',
    kinds: ['Service'],
    run(c, obj) {
      const spec = isObj(obj.spec) ? obj.spec : undefined;
      if (!spec) return;
      const type = str(spec.type) ?? 'ClusterIP';
      if (spec.clusterIP === 'None' && SERVICE_TYPES_WITH_NODE_PORTS.includes(type)) {
        c.report(['spec', 'clusterIP'], `clusterIP \`None\` (headless) is not allowed for a Service of type ${type} (ValidateService). Remove \`clusterIP\`, or use type ClusterIP.`);
      }
      if (typeof spec.clusterIP === 'string' && spec.clusterIP !== '' && spec.clusterIP !== 'None' && !isIP(spec.clusterIP)) {
        c.report(['spec', 'clusterIP'], `clusterIP \`${spec.clusterIP}\` must be an IP address, \`None\` or empty (ValidateService).`);
      }
      if (type === 'ExternalName') {
        const en = str(spec.externalName);
        if (!en) c.report(['spec'], `Service of type ExternalName has no \`externalName\`; the API server requires it (ValidateService). Add \`spec.externalName: <dns name>\`.`, 'key');
        else {
          const why = isDNS1123Subdomain(en.endsWith('.') ? en.slice(0, -1) : en);
          if (why) c.report(['spec', 'externalName'], `externalName \`${en}\` ${why} (ValidateService).`);
        }
      }
      if (isObj(spec.selector)) {
        for (const [k, v] of Object.entries(spec.selector)) {
          if (typeof v !== 'string') continue;
          if (v.length > 63 || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v)) {
            c.report(['spec', 'selector', k], `selector value \`${v}\` of \`${k}\` is not a valid label value (ValidateService, ValidateLabels): at most 63 letters, digits, '-', '_' or '.', alphanumeric at both ends.`);
          }
        }
      }
    },
  },
  {
    id: 'workload-counts',
    follows: 'ValidateNonnegativeField (replicas, minReadySeconds, revisionHistoryLimit, parallelism, completions, backoffLimit)',
    kinds: ['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController', 'DaemonSet', 'Job', 'CronJob'],
    run(c, obj) {
      const fields = ['replicas', 'minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds', 'parallelism', 'completions', 'backoffLimit', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit', 'startingDeadlineSeconds', 'ttlSecondsAfterFinished'];
      nonNegative(c, obj.spec, ['spec'], fields);
      if (c.r.kind === 'CronJob') nonNegative(c, obj.spec?.jobTemplate?.spec, ['spec', 'jobTemplate', 'spec'], fields);
      const s = obj.spec;
      if (c.r.kind === 'Deployment' && isObj(s) && typeof s.progressDeadlineSeconds === 'number' && typeof s.minReadySeconds === 'number' && s.progressDeadlineSeconds <= s.minReadySeconds) {
        c.report(['spec', 'progressDeadlineSeconds'], `progressDeadlineSeconds (${s.progressDeadlineSeconds}) must be greater than minReadySeconds (${s.minReadySeconds}) (ValidateDeploymentSpec).`);
      }
    },
  },
  {
    id: 'rolling-update',
    follows: 'ValidateRollingUpdateDeployment, ValidateDeploymentStrategy, ValidateRollingUpdateDaemonSet',
    kinds: ['Deployment', 'DaemonSet'],
    run(c, obj) {
      const key = c.r.kind === 'Deployment' ? 'strategy' : 'updateStrategy';
      const st = obj.spec?.[key];
      if (!isObj(st)) return;
      const ru = st.rollingUpdate;
      if (st.type === 'OnDelete') return; // a DaemonSet's rollingUpdate is ignored with OnDelete (not rejected)
      if (st.type === 'Recreate') {
        if (has(st, 'rollingUpdate')) c.report(['spec', key, 'rollingUpdate'], `strategy.rollingUpdate may not be set when the strategy type is \`Recreate\` (ValidateDeploymentStrategy). Remove it, or use \`type: RollingUpdate\`.`, 'key');
        return;
      }
      if (!isObj(ru)) return;
      const at: Path = ['spec', key, 'rollingUpdate'];
      if (has(ru, 'maxUnavailable')) percent(c, ru.maxUnavailable, [...at, 'maxUnavailable'], 'maxUnavailable', 'ValidatePositiveIntOrPercent');
      if (has(ru, 'maxSurge')) percent(c, ru.maxSurge, [...at, 'maxSurge'], 'maxSurge', 'ValidatePositiveIntOrPercent');
      const surge = has(ru, 'maxSurge') ? ru.maxSurge : c.r.kind === 'Deployment' ? '25%' : 0;
      const unavailable = has(ru, 'maxUnavailable') ? ru.maxUnavailable : c.r.kind === 'Deployment' ? '25%' : 1;
      if (isZero(surge) && isZero(unavailable)) {
        c.report([...at, has(ru, 'maxUnavailable') ? 'maxUnavailable' : 'maxSurge'], `maxUnavailable and maxSurge are both 0, so the rollout could never progress; the API server rejects it (ValidateRollingUpdate${c.r.kind === 'Deployment' ? 'Deployment' : 'DaemonSet'}). Allow at least one pod of surge or unavailability.`);
      }
    },
  },
  {
    id: 'cronjob',
    follows: 'validateCronJobSpec, validateScheduleFormat (robfig/cron ParseStandard), ValidateCronJob name length',
    kinds: ['CronJob'],
    run(c, obj) {
      const name = str(obj.metadata?.name);
      if (name && name.length > 52) {
        c.report(['metadata', 'name'], `CronJob name is ${name.length} characters; the API server allows at most 52, leaving room for the suffix of the Jobs it creates (ValidateCronJob). Shorten it.`);
      }
      const sched = obj.spec?.schedule;
      if (typeof sched !== 'string') return;
      const at: Path = ['spec', 'schedule'];
      const why = cronError(sched);
      if (why) {
        const near = sched.trim().startsWith('@') ? nearNames(sched.trim(), DESCRIPTORS) : [];
        c.report(at, `schedule \`${sched}\` is not a valid cron schedule: ${why} (validateScheduleFormat).${near.length === 1 ? ` Did you mean \`${near[0]}\`?` : ''}`);
        return;
      }
      // TZ=/CRON_TZ= is rejected from 1.29; before, only together with spec.timeZone (1.25+)
      if (/^\s*(CRON_)?TZ=/.test(sched) && (c.atLeast(29) || (c.atLeast(25) && has(obj.spec, 'timeZone')))) {
        c.report(at, has(obj.spec, 'timeZone')
          ? `schedule \`${sched}\` sets a time zone while \`spec.timeZone\` is set too; the API server rejects both (validateScheduleFormat). Drop the \`TZ=\` prefix.`
          : `schedule \`${sched}\` sets its time zone with TZ=/CRON_TZ=, which the API server rejects (validateScheduleFormat). Move it to \`spec.timeZone\`.`);
      }
    },
  },
  {
    id: 'hpa-replicas',
    follows: 'validateHorizontalPodAutoscalerSpec',
    kinds: ['HorizontalPodAutoscaler'],
    run(c, obj) {
      const s = obj.spec;
      if (!isObj(s)) return;
      if (typeof s.minReplicas === 'number' && s.minReplicas < 1) {
        c.report(['spec', 'minReplicas'], `minReplicas ${s.minReplicas} must be >= 1 (validateHorizontalPodAutoscalerSpec; 0 needs the alpha HPAScaleToZero feature gate).`);
      }
      if (typeof s.maxReplicas === 'number') {
        if (s.maxReplicas < 1) c.report(['spec', 'maxReplicas'], `maxReplicas ${s.maxReplicas} must be >= 1 (validateHorizontalPodAutoscalerSpec).`);
        else if (typeof s.minReplicas === 'number' && s.maxReplicas < s.minReplicas) {
          c.report(['spec', 'maxReplicas'], `maxReplicas (${s.maxReplicas}) is less than minReplicas (${s.minReplicas}); the API server requires minReplicas <= maxReplicas (validateHorizontalPodAutoscalerSpec).`);
        }
      }
    },
  },
  {
    id: 'pdb',
    follows: 'ValidatePodDisruptionBudgetSpec',
    kinds: ['PodDisruptionBudget'],
    run(c, obj) {
      const s = obj.spec;
      if (!isObj(s)) return;
      if (has(s, 'minAvailable') && has(s, 'maxUnavailable')) {
        c.report(['spec', 'maxUnavailable'], `minAvailable and maxUnavailable are both set; the API server allows one of them (ValidatePodDisruptionBudgetSpec). Keep one.`, 'key');
      }
      for (const f of ['minAvailable', 'maxUnavailable']) if (has(s, f)) percent(c, s[f], ['spec', f], f, 'ValidatePodDisruptionBudgetSpec');
    },
  },
  {
    id: 'ingress-rules',
    follows: 'validateIngressRules, validateHTTPIngressPath, ValidateIngressSpec',
    kinds: ['Ingress'],
    run(c, obj) {
      if (!c.r.apiVersion.startsWith('networking.k8s.io/')) return;
      const hostCheck = (h: string, at: Path) => {
        if (isIP(h)) {
          c.report(at, `host \`${h}\` is an IP address; Ingress hosts must be DNS names (validateIngressRules).`);
          return;
        }
        const why = h.includes('*') ? isWildcardDNS1123Subdomain(h) : isDNS1123Subdomain(h);
        if (why) {
          const near = h.includes('*') ? undefined : nearValid(h, isDNS1123Subdomain);
          c.report(at, `host \`${h}\` ${why} (validateIngressRules)${h.includes('*') ? '; a wildcard may only be the whole first label' : ''}.${near ? ` Did you mean \`${near}\`?` : ''}`);
        }
      };
      list(obj.spec?.rules).forEach((rule, i) => {
        if (!isObj(rule)) return;
        if (typeof rule.host === 'string' && rule.host !== '') hostCheck(rule.host, ['spec', 'rules', i, 'host']);
        list(rule.http?.paths).forEach((p, j) => {
          if (!isObj(p) || typeof p.path !== 'string') return;
          const at: Path = ['spec', 'rules', i, 'http', 'paths', j, 'path'];
          const type = str(p.pathType);
          if ((type === 'Prefix' || type === 'Exact' || type === 'ImplementationSpecific') && p.path !== '' && !p.path.startsWith('/')) {
            c.report(at, `path \`${p.path}\` must be absolute (start with '/') (validateHTTPIngressPath). Did you mean \`/${p.path}\`?`);
            return;
          }
          if (type === 'Prefix' || type === 'Exact') {
            const bad = ['//', '/./', '/../', '%2f', '%2F'].find((s) => p.path.includes(s)) ?? ['/..', '/.'].find((s) => p.path.endsWith(s));
            if (bad) c.report(at, `path \`${p.path}\` must not contain \`${bad}\` with pathType ${type} (validateHTTPIngressPath).`);
          }
        });
      });
      list(obj.spec?.tls).forEach((t, i) => {
        list(t?.hosts).forEach((h, j) => typeof h === 'string' && h !== '' && hostCheck(h, ['spec', 'tls', i, 'hosts', j]));
      });
    },
  },
  {
    id: 'apiservice-name',
    follows: 'ValidateAPIService (name = <version>.<group>)',
    kinds: ['APIService'],
    run(c, obj) {
      const name = str(obj.metadata?.name);
      const s = obj.spec;
      if (!name || !isObj(s) || typeof s.version !== 'string') return;
      const want = s.group ? `${s.version}.${s.group}` : s.version;
      if (name !== want) c.report(['metadata', 'name'], `APIService name \`${name}\` must be \`<version>.<group>\`: \`${want}\` (ValidateAPIService). Did you mean \`${want}\`?`);
    },
  },
  {
    id: 'service-name-dns1035',
    follows: 'ValidateServiceName (IsDNS1035Label) of backends',
    kinds: ['Ingress'],
    run(c, obj) {
      const backend = (b: unknown, at: Path) => {
        const n = (b as any)?.service?.name;
        if (typeof n !== 'string' || n === '') return;
        const why = isDNS1035Label(n);
        if (why) c.report([...at, 'service', 'name'], `backend service name \`${n}\` ${why} (validateIngressBackend, ValidateServiceName).`);
      };
      if (!c.r.apiVersion.startsWith('networking.k8s.io/')) return;
      backend(obj.spec?.defaultBackend, ['spec', 'defaultBackend']);
      list(obj.spec?.rules).forEach((r, i) => list(r?.http?.paths).forEach((p, j) => backend(p?.backend, ['spec', 'rules', i, 'http', 'paths', j, 'backend'])));
    },
  },
];
