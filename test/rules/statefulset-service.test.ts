import rule from '../../rules/statefulset-service.js';
import { RuleTester, y } from '../helpers/rule-tester.js';
import { SHAPES, inShape } from '../helpers/shapes.js';

const svc = (extra: string, selector = '{app: w}', name = 'w') => y`
  apiVersion: v1
  kind: Service
  metadata: {name: ${name}}
  spec:
    ${extra}
    selector: ${selector}
    ports: [{name: peer, port: 7000}]
`;
const pod = 'containers: [{name: db, image: example/db, ports: [{name: peer, containerPort: 7000}]}]';
const usesPeer = y`
  initContainers:
  - name: join
    image: example/db
    restartPolicy: Always
    env: [{name: SEEDS, value: "w-0.w:7000,w-1.w:7000"}]
  containers: [{name: db, image: example/db}]
`;

new RuleTester().run(rule, {
  valid: [
    ...SHAPES.map((s) => ({ name: `${s}: a headless Service selecting the pods`, code: inShape(s, pod, svc('clusterIP: None')) })),
    { name: 'a headless Service without selector (endpoints managed by hand)', code: inShape('StatefulSet', pod, 'apiVersion: v1\nkind: Service\nmetadata: {name: w}\nspec: {clusterIP: None}\n') },
    { name: 'two Services named alike, one headless and selecting', code: inShape('StatefulSet', pod, svc('clusterIP: None') + '---\n' + svc('type: ClusterIP', '{app: w}', 'w-client')) },
    { name: 'absent Service with missing: off', code: inShape('StatefulSet', pod), options: { missing: 'off' } },
    // The absent-object policy (issue 13, cause 6): a Service made elsewhere (chart, operator) is counted in a notice.
    { name: 'absent Service, no near name: not reported by default', code: inShape('StatefulSet', pod, svc('clusterIP: None', '{app: x}', 'cache-headless')) },
    { name: 'a selector on a controller label', code: inShape('StatefulSet', pod, svc('clusterIP: None', '{app: w, statefulset.kubernetes.io/pod-name: w-0}')) },
  ],
  invalid: [
    {
      name: 'not headless, nothing uses per-pod names: warning, did-you-mean the headless one',
      code: inShape('StatefulSet', pod, svc('type: ClusterIP') + '---\n' + svc('clusterIP: None', '{app: w}', 'w-headless')),
      errors: [{ line: 5, column: 16, severity: 1, message: /^Service `w`, the `serviceName` of StatefulSet `w`, is not headless .*never resolve\. Did you mean the headless Service `w-headless`\?$/ }],
    },
    {
      name: 'not headless, and a native sidecar uses w-0.w: error',
      code: inShape('StatefulSet', usesPeer, svc('')),
      errors: [{ severity: 2, message: /never resolve, and StatefulSet\/w uses one \(`w-0\.w`\)\. Set `clusterIP: None`/ }],
    },
    {
      name: 'not headless, $(POD_NAME).svc in a ConfigMap',
      code: inShape('StatefulSet', pod, svc('') + '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {peer.conf: "advertise = $(POD_NAME).w:7000"}\n'),
      errors: [{ severity: 2, message: /ConfigMap\/c uses one \(`\$\(POD_NAME\)\.w`\)/ }],
    },
    {
      name: 'headless Service selecting other pods',
      code: inShape('StatefulSet', pod, svc('clusterIP: None', '{app: db}')),
      errors: [{ severity: 2, message: /selects `app=db`, which the StatefulSet's pods do not carry/ }],
    },
    {
      name: 'absent Service: warning with did-you-mean',
      code: inShape('StatefulSet', pod, svc('clusterIP: None', '{app: w}', 'w-hl').replace('name: w-hl', 'name: wx')),
      errors: [{ severity: 1, message: /^Service `w`, the `serviceName` of StatefulSet `w`, is not found among the linted manifests \(namespace `default`\)\. Did you mean `wx`\?$/ }],
    },
    {
      name: 'absent Service, no near name, missing: warn lists it',
      code: inShape('StatefulSet', pod),
      options: { missing: 'warn' },
      errors: [{ severity: 1, message: /^Service `w`, the `serviceName` of StatefulSet `w`, is not found among the linted manifests \(namespace `default`\)\. Add the headless Service.*missing: off/ }],
    },
  ],
});
