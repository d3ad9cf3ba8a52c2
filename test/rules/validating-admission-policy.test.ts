import rule from '../../rules/validating-admission-policy.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

// Kubernetes' documented examples (concepts/cluster-administration/admission ... validating-admission-policy).
const replicaPolicy = y`
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingAdmissionPolicy
  metadata:
    name: "demo-policy.example.com"
  spec:
    failurePolicy: Fail
    matchConstraints:
      resourceRules:
      - apiGroups:   ["apps"]
        apiVersions: ["v1"]
        operations:  ["CREATE", "UPDATE"]
        resources:   ["deployments"]
    validations:
      - expression: "object.spec.replicas <= 5"
  ---
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingAdmissionPolicyBinding
  metadata:
    name: "demo-binding-test.example.com"
  spec:
    policyName: "demo-policy.example.com"
    validationActions: [Deny]
    matchResources:
      namespaceSelector:
        matchLabels:
          environment: test
`;
const testNs = y`
  apiVersion: v1
  kind: Namespace
  metadata: {name: test, labels: {environment: test}}
  ---
  apiVersion: v1
  kind: Namespace
  metadata: {name: prod, labels: {environment: prod}}
`;
const deploy = (replicas: number, ns = 'test', extra = '') => y`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: ${ns}${extra}}
  spec:
    replicas: ${replicas}
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec:
        containers:
        - name: web
          image: registry.example.com/web:1
        - name: sidecar
          image: docker.io/proxy:2
`;

// Scope (a folder of independent samples): a policy + binding apply within the folder holding them.
const samplePolicy = y`
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingAdmissionPolicy
  metadata: {name: max-replicas}
  spec:
    matchConstraints:
      resourceRules:
      - {apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE"], resources: ["deployments"]}
    validations:
      - expression: "object.spec.replicas <= 5"
  ---
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingAdmissionPolicyBinding
  metadata: {name: max-replicas}
  spec: {policyName: max-replicas, validationActions: [Deny]}
`;
const scoped = { lint: { roots: ['.'] } };

const paramsPolicy = (action = 'Deny') => y`
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingAdmissionPolicy
  metadata: {name: "replicalimit-policy.example.com"}
  spec:
    failurePolicy: Fail
    paramKind: {apiVersion: v1, kind: ConfigMap}
    matchConstraints:
      resourceRules:
      - apiGroups: ["apps"]
        apiVersions: ["v1"]
        operations: ["CREATE", "UPDATE"]
        resources: ["deployments"]
    validations:
      - expression: "object.spec.replicas <= int(params.data.maxReplicas)"
        messageExpression: "'object.spec.replicas must be no greater than ' + params.data.maxReplicas"
        reason: Invalid
  ---
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingAdmissionPolicyBinding
  metadata: {name: "replicalimit-binding-test.example.com"}
  spec:
    policyName: "replicalimit-policy.example.com"
    validationActions: [Deny]
    paramRef:
      name: "replica-limit-test.example.com"
      namespace: "default"
      parameterNotFoundAction: ACTION
`.replace('ACTION', action) + '---\n';
const limitCm = y`
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: replica-limit-test.example.com, namespace: default}
  data: {maxReplicas: "3"}
`;

const exclusion = y`
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingAdmissionPolicy
  metadata: {name: "images.example.com"}
  spec:
    matchConstraints:
      resourceRules:
      - {apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE"], resources: ["deployments"]}
    matchConditions:
      - name: 'exclude-kube-system'
        expression: 'object.metadata.namespace != "kube-system"'
    validations:
      - expression: "object.spec.template.spec.containers.all(c, c.image.startsWith('registry.example.com/'))"
        message: "images must come from registry.example.com"
  ---
  apiVersion: admissionregistration.k8s.io/v1
  kind: ValidatingAdmissionPolicyBinding
  metadata: {name: "images-binding"}
  spec:
    policyName: "images.example.com"
    validationActions: [Warn, Audit]
`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'a Pod without tolerations gets the DefaultTolerationSeconds ones before validating admission',
      code: y`
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: tol}
        spec:
          failurePolicy: Fail
          matchConstraints:
            resourceRules:
            - {apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods"]}
          matchConditions:
          - name: cc
            expression: "object.spec.tolerations.exists(t, has(t.key) && t.key == 'cloud.google.com/compute-class')"
          validations:
          - expression: "false"
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: tol}
        spec: {policyName: tol, validationActions: [Deny]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: client}
        spec:
          containers: [{name: c, image: busybox:1.36}]
      `,
    },
    {
      name: 'scope: a sample\'s policy does not apply to a sibling sample folder',
      ...scoped,
      code: deploy(9, 'default'),
      files: [
        { path: 'samples/a/policy.yaml', text: samplePolicy },
        { path: 'samples/b/deploy.yaml', text: deploy(9, 'default') },
      ],
    },
    {
      name: 'scope: policy and binding in two sample folders apply in their common folder only',
      ...scoped,
      code: deploy(9, 'default'),
      files: [
        { path: 'samples/a/policy.yaml', text: samplePolicy.split('---')[0]! },
        { path: 'samples/a/bind/binding.yaml', text: samplePolicy.split('---')[1]! },
        { path: 'samples/b/deploy.yaml', text: deploy(9, 'default') },
      ],
    },
    { name: 'replica limit: 5 replicas in the test namespace', code: replicaPolicy + '---\n' + testNs + '---\n' + deploy(5) },
    { name: 'replica limit: the binding selects test namespaces only', code: replicaPolicy + '---\n' + testNs + '---\n' + deploy(9, 'prod') },
    {
      name: 'a policy without a binding does nothing',
      code: replicaPolicy.split('---')[0]! + '---\n' + testNs + '---\n' + deploy(9),
    },
    { name: 'params from a ConfigMap: within the limit', code: paramsPolicy() + limitCm + '---\n' + deploy(3, 'default') },
    { name: 'params absent with parameterNotFoundAction: Allow', code: paramsPolicy('Allow') + deploy(30, 'default') },
    { name: 'matchConditions exclude kube-system', code: exclusion + '---\n' + deploy(1, 'kube-system') },
    {
      name: 'objectSelector and excludeResourceRules',
      code: y`
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: p}
        spec:
          matchConstraints:
            resourceRules: [{apiGroups: ["*"], apiVersions: ["*"], operations: ["*"], resources: ["*"]}]
            excludeResourceRules:
              - {apiGroups: [""], apiVersions: ["v1"], operations: ["*"], resources: ["configmaps"]}
              - {apiGroups: [""], apiVersions: ["v1"], operations: ["*"], resources: ["services"], resourceNames: [kept]}
            objectSelector: {matchExpressions: [{key: checked, operator: Exists}]}
          validations: [{expression: "has(object.metadata.annotations)"}]
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: b}
        spec: {policyName: p, validationActions: [Deny]}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c, labels: {checked: "yes"}}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: s}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: kept, labels: {checked: "yes"}}
      `,
    },
    {
      name: 'failurePolicy Ignore lets an evaluation error through',
      code: y`
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: p}
        spec:
          failurePolicy: Ignore
          matchConstraints:
            resourceRules: [{apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["configmaps"]}]
          validations: [{expression: "object.data.missing == 'x'"}]
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: b}
        spec: {policyName: p, validationActions: [Deny]}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
        data: {a: b}
      `,
    },
    {
      name: 'a policy reading authorizer (the user) is not evaluated',
      code: y`
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: p}
        spec:
          matchConstraints:
            resourceRules: [{apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["configmaps"]}]
          validations: [{expression: "authorizer.group('').resource('secrets').check('get').allowed()"}]
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: b}
        spec: {policyName: p, validationActions: [Deny]}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
      `,
    },
  ],
  invalid: [
    {
      name: 'the default tolerations are what the policy sees (one of its own kept, the other added)',
      code: y`
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: tol}
        spec:
          matchConstraints:
            resourceRules:
            - {apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods"]}
          validations:
          - expression: "object.spec.tolerations.size() == 1"
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: tol}
        spec: {policyName: tol, validationActions: [Deny]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: client}
        spec:
          containers: [{name: c, image: busybox:1.36}]
          tolerations:
          - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 60}
      `,
      errors: [{ message: /denied request: failed expression: object\.spec\.tolerations\.size\(\) == 1/, line: 22, severity: 2 }],
    },
    {
      name: 'scope: a sample\'s policy applies within its folder subtree',
      ...scoped,
      code: deploy(9, 'default'),
      files: [
        { path: 'samples/a/policy.yaml', text: samplePolicy },
        { path: 'samples/a/app/deploy.yaml', text: deploy(9, 'default') },
        { path: 'samples/b/deploy.yaml', text: deploy(9, 'default') },
      ],
      errors: [{ path: 'samples/a/app/deploy.yaml', message: /denied request: failed expression: object\.spec\.replicas <= 5/, line: 5, severity: 2 }],
    },
    {
      name: 'scope: a policy at the top of the linted folder applies to every sample',
      ...scoped,
      code: samplePolicy,
      files: [
        { path: 'samples/a/deploy.yaml', text: deploy(9, 'default') },
        { path: 'samples/b/deploy.yaml', text: deploy(9, 'default') },
      ],
      errors: [
        { path: 'samples/a/deploy.yaml', line: 5 },
        { path: 'samples/b/deploy.yaml', line: 5 },
      ],
    },
    {
      name: "replica limit: the docs' denial message, at replicas:",
      code: replicaPolicy + '---\n' + testNs + '---\n' + deploy(6),
      errors: [
        {
          message: "ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-test.example.com' denied request: failed expression: object.spec.replicas <= 5",
          line: 40,
          column: 13,
          severity: 2,
        },
      ],
    },
    {
      name: 'params from a ConfigMap with messageExpression',
      code: paramsPolicy() + limitCm + '---\n' + deploy(4, 'default'),
      errors: [
        {
          message:
            "ValidatingAdmissionPolicy 'replicalimit-policy.example.com' with binding 'replicalimit-binding-test.example.com' denied request: object.spec.replicas must be no greater than 3",
          line: 38,
          column: 13,
          severity: 2,
        },
      ],
    },
    {
      name: 'params absent with parameterNotFoundAction: Deny',
      code: paramsPolicy('Deny') + deploy(1, 'default'),
      errors: [{ message: /no params found for policy binding with `Deny` parameterNotFoundAction \(ConfigMap 'replica-limit-test.example.com' is not in the linted set\)/, line: 31, column: 18 }],
    },
    {
      name: 'Warn/Audit: a warning at the image of the first container that fails all()',
      code: exclusion + '---\n' + deploy(1, 'apps'),
      errors: [
        {
          message: "Validation failed for ValidatingAdmissionPolicy 'images.example.com' with binding 'images-binding': images must come from registry.example.com",
          line: 35,
          column: 16,
          severity: 1,
        },
      ],
    },
    {
      name: 'variables and an evaluation error under failurePolicy Fail',
      code: y`
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: p}
        spec:
          matchConstraints:
            resourceRules: [{apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["configmaps"]}]
          variables:
            - name: keys
              expression: "object.data.map(k, k)"
          validations:
            - expression: "variables.keys.all(k, k.matches('^[a-z]+$'))"
              messageExpression: "'bad keys in ' + object.metadata.name"
            - expression: "object.data.missing == 'x'"
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: b}
        spec: {policyName: p, validationActions: [Deny]}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
        data: {a: b, B: c}
      `,
      errors: [
        { message: "ValidatingAdmissionPolicy 'p' with binding 'b' denied request: bad keys in c", line: 23, column: 7 },
        { message: /denied request: expression 'object.data.missing == 'x'' resulted in error: no such key: missing/, line: 23, column: 7 },
      ],
    },
    {
      name: 'an expression too expensive is stopped and reported like the API server does',
      code: y`
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: p}
        spec:
          matchConstraints:
            resourceRules: [{apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["configmaps"]}]
          variables:
            - name: l
              expression: "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39]"
          validations:
            - expression: "variables.l.all(a, variables.l.all(b, variables.l.all(c, variables.l.all(d, a + b + c + d >= 0))))"
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: b}
        spec: {policyName: p, validationActions: [Deny]}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
      `,
      errors: [{ message: /denied request: expression '.*' resulted in error: operation cancelled: actual cost limit exceeded$/, line: 20 }],
    },
    {
      name: 'resourceNames restrict a rule to the objects of those names',
      code: y`
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: p}
        spec:
          matchConstraints:
            resourceRules: [{apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["services"], resourceNames: [only-this]}]
          validations: [{expression: "object.spec.type != 'NodePort'", message: "no NodePort"}]
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: b}
        spec: {policyName: p, validationActions: [Deny]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: other}
        spec: {type: NodePort, ports: [{port: 80}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: only-this}
        spec: {type: NodePort, ports: [{port: 80}]}
      `,
      errors: [{ message: "ValidatingAdmissionPolicy 'p' with binding 'b' denied request: no NodePort", line: 22, column: 14 }],
    },
    {
      name: 'a policy expression that does not compile: a warning inside the expression',
      code: y`
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: p}
        spec:
          matchConstraints:
            resourceRules: [{apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["configmaps"]}]
          validations:
            - expression: "object.data.size() >"
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: b}
        spec: {policyName: p, validationActions: [Deny]}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
      `,
      errors: [{ message: /ValidatingAdmissionPolicy 'p': compilation error: unexpected token: EOF/, line: 8, column: 40, severity: 1 }],
    },
  ],
});
