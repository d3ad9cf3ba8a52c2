import cmRule from '../../rules/dangling-configmap-key.js';
import secretRule from '../../rules/dangling-secret-key.js';
import { RuleTester, y } from '../helpers/rule-tester.js';
import { SHAPES, inShape, lineIn, colIn } from '../helpers/shapes.js';

const cm = y`
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: cfg}
  data: {app.yaml: "a: 1", logging.yaml: "level: info"}
`;
const secret = y`
  apiVersion: v1
  kind: Secret
  metadata: {name: tls}
  stringData: {tls.crt: x, tls.key: y}
`;
const mount = (sub: string, vol = 'configMap: {name: cfg}') => y`
  initContainers:
  - name: side
    image: busybox
    restartPolicy: Always
  containers:
  - name: app
    image: example/app
    volumeMounts:
    - name: cfg
      mountPath: /etc/app/app.yaml
      subPath: ${sub}
  volumes:
  - name: cfg
    ${vol}
`;

new RuleTester().run(cmRule, {
  valid: [
    ...SHAPES.map((s) => ({ name: `${s}: subPath naming a key`, code: inShape(s, mount('app.yaml'), cm) })),
    { name: 'subPath naming an items[].path', code: inShape('Deployment', mount('conf/app.yaml', 'configMap: {name: cfg, items: [{key: app.yaml, path: conf/app.yaml}]}'), cm) },
    { name: 'subPath naming a directory of the items', code: inShape('Deployment', mount('conf', 'configMap: {name: cfg, items: [{key: app.yaml, path: conf/app.yaml}]}'), cm) },
    { name: 'ConfigMap absent: keys unknown', code: inShape('Deployment', mount('app.yml')) },
    { name: 'optional volume', code: inShape('Deployment', mount('app.yml', 'configMap: {name: cfg, optional: true}'), cm) },
    { name: 'subPathExpr is not a key', code: inShape('Pod', mount('app.yaml').replace('subPath: app.yaml', 'subPathExpr: $(POD)'), cm) },
    { name: 'kube-root-ca.crt ca.crt', code: inShape('Pod', mount('ca.crt', 'configMap: {name: kube-root-ca.crt}')) },
  ],
  invalid: [
    ...SHAPES.map((s) => ({
      name: `${s}: subPath naming no key`,
      code: inShape(s, mount('app.yml'), cm),
      errors: [{ line: lineIn(s, 11), column: colIn(s, 14), message: new RegExp(`^\`subPath: app.yml\` of container \`app\` in ${s}/w names no file of volume \`cfg\` \\(ConfigMap \`cfg\`\\): its keys are \`app.yaml\`, \`logging.yaml\`\\. The kubelet then mounts an empty directory at \`/etc/app/app.yaml\`.*Did you mean \`app.yaml\`\\?$`) }],
    })),
    {
      name: 'with items: subPath naming the key instead of the path',
      code: inShape('StatefulSet', mount('app.yaml', 'configMap: {name: cfg, items: [{key: app.yaml, path: config.yaml}]}'), cm),
      errors: [{ message: /\(ConfigMap `cfg` with `items`\): its `items` place `config.yaml`\. .* Use an `items\[\]\.path` as subPath\.$/ }],
    },
  ],
});

new RuleTester().run(secretRule, {
  valid: [{ name: 'Secret key', code: inShape('Deployment', mount('tls.crt', 'secret: {secretName: tls}'), secret) }],
  invalid: [
    {
      name: 'Secret subPath naming no key (native sidecar mount)',
      code: inShape('DaemonSet', mount('tls.cert', 'secret: {secretName: tls}'), secret),
      errors: [{ message: /names no file of volume `cfg` \(Secret `tls`\): its keys are `tls.crt`, `tls.key`\..*Did you mean `tls.crt`\?$/ }],
    },
  ],
});
