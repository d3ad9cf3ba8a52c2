import rule from '../../rules/pdb-blocks-eviction.js';
import { RuleTester, y } from '../helpers/rule-tester.js';
import { SHAPES, inShape } from '../helpers/shapes.js';

const pdb = (field: string) => y`
  apiVersion: policy/v1
  kind: PodDisruptionBudget
  metadata: {name: w}
  spec:
    ${field}
    selector: {matchLabels: {app: w}}
`;
const pod = y`
  initContainers: [{name: side, image: busybox, restartPolicy: Always}]
  containers: [{name: app, image: nginx}]
`;

new RuleTester().run(rule, {
  valid: [
    ...SHAPES.filter((s) => s !== 'Pod').map((s) => ({ name: `${s}: minAvailable below the replicas (2), maxUnavailable 1`, code: inShape(s, pod, pdb('minAvailable: 1')) + '---\n' + pdb('maxUnavailable: 1').replace('name: w}', 'name: w2}') })),
    ...(['DaemonSet', 'Job', 'CronJob'] as const).map((s) => ({ name: `${s}: pod count unknown for minAvailable`, code: inShape(s, pod, pdb('minAvailable: 5')) })),
    { name: 'Pod: maxUnavailable 1', code: inShape('Pod', pod, pdb('maxUnavailable: 1')) },
    { name: 'minAvailable 50% of 3 is 2', code: inShape('Deployment', pod, pdb('minAvailable: "50%"')).replace('replicas: 2', 'replicas: 3') },
    { name: 'selector matching nothing (pdb-selector-no-match)', code: pdb('maxUnavailable: 0') },
    { name: 'replicas from a variable', code: inShape('Deployment', pod, pdb('minAvailable: 2')).replace('replicas: 2', 'replicas: "${REPLICAS}"') },
  ],
  invalid: [
    ...SHAPES.map((s) => ({
      name: `${s}: maxUnavailable 0`,
      code: inShape(s, pod, pdb('maxUnavailable: 0')),
      errors: [{ line: s === 'Pod' ? 12 : undefined, severity: 1 as const, message: new RegExp(`^PodDisruptionBudget \`w\` sets \`maxUnavailable: 0\` for ${s}/w, so no voluntary eviction can ever proceed`) }],
    })),
    ...(['Deployment', 'StatefulSet'] as const).map((s) => ({
      name: `${s}: minAvailable equal to the replicas`,
      code: inShape(s, pod, pdb('minAvailable: 2')),
      errors: [{ message: new RegExp(`requires \`minAvailable: 2\` of 2 pods — ${s}/w \\(2 replicas\\) — so no voluntary`) }],
    })),
    { name: 'a bare Pod and minAvailable 1', code: inShape('Pod', pod, pdb('minAvailable: 1')), errors: [{ message: /of 1 pod — Pod\/w \(a single pod\)/ }] },
    { name: 'minAvailable 100%', code: inShape('DaemonSet', pod, pdb('minAvailable: 100%')), errors: [{ message: /`minAvailable: 100%` for DaemonSet\/w/ }] },
    { name: 'minAvailable 60% of 2 rounds up to 2', code: inShape('Deployment', pod, pdb('minAvailable: "60%"')), errors: [{ message: /\(60% of 2, rounded up, is 2\)/ }] },
    { name: 'replicas unset: 1 by default', code: inShape('Deployment', pod, pdb('minAvailable: 1')).replace('  replicas: 2\n', ''), errors: [{ message: /\(1 replica by default\)/ }] },
    {
      name: 'an HPA may scale the Deployment down to its minReplicas',
      code: inShape('Deployment', pod, pdb('minAvailable: 2') + '---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: hpa}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: w}\n  minReplicas: 2\n  maxReplicas: 9\n').replace('replicas: 2', 'replicas: 5'),
      errors: [{ message: /HorizontalPodAutoscaler `hpa` may scale it down to 2/ }],
    },
  ],
});
