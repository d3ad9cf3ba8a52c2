/** customRules (custom/<id>) and the example plugin, with the RuleTester like the built-in rules. */
import { RuleTester, y } from '../helpers/rule-tester.js';
import { compileCustomRule, customRule, type CustomRuleSpec } from '../../src/policy/custom.js';
// @ts-expect-error plain ESM example without types
import { rules as exampleRules } from '../../examples/plugin/podlint-plugin-example.mjs';
import type { Rule } from '../../src/engine/types.js';

const custom = (spec: CustomRuleSpec) => customRule(compileCustomRule(spec), 'podlint.config.yaml');

/** Rules that are not built in run through `extraRules`, as the CLI passes them. */
class ExtraRuleTester extends RuleTester {
  override run(rule: Rule, cases: Parameters<RuleTester['run']>[1]) {
    const add = (c: any) => (typeof c === 'string' ? { code: c, lint: { extraRules: [rule] } } : { ...c, lint: { ...c.lint, extraRules: [rule] } });
    super.run(rule, { valid: cases.valid.map(add), invalid: cases.invalid.map(add) });
  }
}

const deploy = (name: string, labels: string, image = 'registry.example.com/web:1') => y`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: ${name}
    labels: ${labels}
  spec:
    selector: {matchLabels: {app: ${name}}}
    template:
      metadata: {labels: {app: ${name}}}
      spec:
        containers:
        - name: web
          image: registry.example.com/web:1
        - name: proxy
          image: ${image}
`;

new ExtraRuleTester().run(
  custom({
    id: 'team-label',
    match: { kinds: ['Deployment'] },
    expression: "has(object.metadata.labels) && 'team' in object.metadata.labels",
    message: 'every workload needs a `team` label',
  }),
  {
    valid: [deploy('web', '{team: shop}'), { name: 'other kinds are not matched', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n' }],
    invalid: [{ code: deploy('web', '{app: web}'), errors: [{ message: 'every workload needs a `team` label', line: 5, column: 11, severity: 2 }] }],
  },
);

new ExtraRuleTester().run(
  custom({
    id: 'registry',
    severity: 'warn',
    expression: "object.spec.template.spec.containers.all(c, c.image.startsWith('registry.example.com/'))",
    messageExpression: "'images of ' + object.metadata.name + ' must come from registry.example.com'",
    match: { kinds: ['apps/v1/Deployment'], labels: { checked: 'yes' } },
  }),
  {
    valid: [deploy('web', '{checked: "yes"}'), { name: 'the labels do not match', code: deploy('web', '{}', 'docker.io/x:1') }],
    invalid: [
      {
        name: 'at the image of the container that fails all()',
        code: deploy('web', '{checked: "yes"}', 'docker.io/x:1'),
        errors: [{ message: 'images of web must come from registry.example.com', line: 15, column: 16, severity: 1 }],
      },
    ],
  },
);

new ExtraRuleTester().run(
  custom({
    id: 'configmap-exists',
    match: { kinds: ['Deployment'] },
    expression: "getObject('ConfigMap', object.metadata.namespace, object.metadata.name + '-config') != null && objects.exists(o, o.kind == 'Service' && o.metadata.name == object.metadata.name)",
    message: 'a Deployment ships with its -config ConfigMap and a Service of its name',
    path: 'metadata.name',
  }),
  {
    valid: [
      deploy('web', '{}') +
        '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-config}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n',
    ],
    invalid: [{ code: deploy('web', '{}') + '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-config}\n', errors: [{ line: 4, column: 9 }] }],
  },
);

new ExtraRuleTester().run(
  custom({ id: 'hostile', expression: 'cel.bind(l, [0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49], l.all(a, l.all(b, l.all(c, l.all(d, a + b + c + d >= 0)))))' }),
  {
    valid: [],
    invalid: [
      {
        name: 'an expression over the cost limit is reported, as the API server reports it',
        code: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n',
        errors: [{ message: /resulted in error: operation cancelled: actual cost limit exceeded/, line: 3 }],
      },
    ],
  },
);

const plugin = (exampleRules as Record<string, Rule>)['image-digest']!;
new ExtraRuleTester().run({ meta: { ...plugin.meta, id: 'example/image-digest', docs: '' }, check: plugin.check } as Rule, {
  valid: [{ code: deploy('web', '{}').replace('metadata:\n  name: web', 'metadata:\n  name: web\n  namespace: production').replace(/image: (\S+)/g, 'image: $1@sha256:0000') }],
  invalid: [
    {
      code: deploy('web', '{}').replace('metadata:\n  name: web', 'metadata:\n  name: web\n  namespace: production'),
      errors: [{ message: /container "web" runs image "registry.example.com\/web:1" without a digest/ }, { message: /container "proxy"/ }],
    },
  ],
});
