import rule from '../../rules/monitor-target.js';
import { RuleTester, y } from '../helpers/rule-tester.js';
import { SHAPES, inShape } from '../helpers/shapes.js';

const pod = y`
  initContainers:
  - name: exporter
    image: example/exporter
    restartPolicy: Always
    ports: [{name: metrics, containerPort: 9100}]
  containers:
  - name: app
    image: example/app
    ports: [{name: http, containerPort: 8080}]
`;
const svc = y`
  apiVersion: v1
  kind: Service
  metadata: {name: w, labels: {app: w, team: a}}
  spec:
    selector: {app: w}
    ports: [{name: http-metrics, port: 9100, targetPort: metrics}, {name: web, port: 80, targetPort: http}]
`;
const sm = (ep: string, sel = '{app: w}', extra = '') => y`
  apiVersion: monitoring.coreos.com/v1
  kind: ServiceMonitor
  metadata: {name: w}
  spec:
    selector: {matchLabels: ${sel}}
    ${extra}
    endpoints:
    - ${ep}
`;
const pm = (ep: string, sel = '{app: w}') => y`
  apiVersion: monitoring.coreos.com/v1
  kind: PodMonitor
  metadata: {name: w}
  spec:
    selector: {matchLabels: ${sel}}
    podMetricsEndpoints:
    - ${ep}
`;

new RuleTester().run(rule, {
  valid: [
    ...SHAPES.map((s) => ({ name: `${s}: ServiceMonitor port name matches; PodMonitor on a sidecar's port`, code: inShape(s, pod, svc + '---\n' + sm('{port: http-metrics, interval: 30s}') + '---\n' + pm('{port: metrics}')) })),
    { name: 'targets absent and nothing near: they may live elsewhere', code: sm('{port: https-metrics}', '{k8s-app: kubelet}', 'namespaceSelector: {matchNames: [kube-system]}') },
    {
      name: 'Service in another namespace than the monitor, no namespaceSelector: nothing selected, nothing near',
      code: inShape('Deployment', pod, svc + '---\n' + sm('{port: web}', '{app: w}').replace('metadata: {name: w}', 'metadata: {name: w, namespace: monitoring}')),
    },
    {
      name: 'kuttl/chainsaw assertion files hold partial objects of one test step',
      code: inShape('Deployment', pod),
      files: [{ path: 'e2e/04-assert.yaml', text: svc + '---\n' + sm('{port: prometheus}') }],
    },
    { name: 'targetPort naming a container port', code: inShape('Deployment', pod, svc + '---\n' + sm('{targetPort: metrics}')) },
    { name: 'namespaceSelector any', code: inShape('Deployment', pod, svc.replace('metadata: {name: w,', 'metadata: {name: w, namespace: apps,') + '---\n' + sm('{port: web}', '{app: w}', 'namespaceSelector: {any: true}')) },
    { name: 'near miss with missing: off', code: inShape('Deployment', pod, svc + '---\n' + sm('{port: web}', '{app: ww}')), options: { missing: 'off' } },
  ],
  invalid: [
    ...SHAPES.map((s) => ({
      name: `${s}: ServiceMonitor port names no Service port`,
      code: inShape(s, pod, svc + '---\n' + sm('{port: metrics}')),
      errors: [{ severity: 2 as const, message: /^ServiceMonitor `w` scrapes port `metrics` of Service `w`, which has no port of that name \(its port names are `http-metrics`, `web`\), so Prometheus discovers no target/ }],
    })),
    ...SHAPES.map((s) => ({
      name: `${s}: PodMonitor port names no container port`,
      code: inShape(s, pod, pm('{port: metric}')),
      errors: [{ message: new RegExp(`^PodMonitor \`w\` scrapes port \`metric\` of the pods of ${s}/w, where no container declares .*Did you mean \`metrics\`\\?$`) }],
    })),
    {
      name: 'selector one typo away from a Service: warning at the label',
      code: inShape('Deployment', pod, svc + '---\n' + sm('{port: web}', '{app: w, team: b}')),
      errors: [{ severity: 1, line: 31, message: /selects Services with `app=w, team=b`, but no Service in namespace `default` among the linted manifests matches.*Service\/w has `team: a`: did you mean `a`\?$/ }],
    },
    {
      name: 'deprecated targetPort naming no container port',
      code: inShape('StatefulSet', pod, svc + '---\n' + sm('{targetPort: metric}')),
      errors: [{ message: /`targetPort: metric`, but no container of `StatefulSet\/w` declares/ }],
    },
  ],
});
