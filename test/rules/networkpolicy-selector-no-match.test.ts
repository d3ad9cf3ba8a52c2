import rule from '../../rules/networkpolicy-selector-no-match.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

const apps = y`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: api, namespace: shop}
  spec:
    selector: {matchLabels: {app: api}}
    template:
      metadata: {labels: {app: api, role: backend}}
      spec: {containers: [{name: api, image: api}]}
  ---
  apiVersion: v1
  kind: Pod
  metadata: {name: web, namespace: shop, labels: {app: web, role: frontend}}
  spec: {containers: [{name: web, image: nginx}]}
`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'podSelector and same-namespace peers match pods',
      code: y`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: api, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: api}}
          ingress:
          - from:
            - podSelector: {matchLabels: {role: frontend}}
          egress:
          - to:
            - podSelector: {matchExpressions: [{key: app, operator: In, values: [api, db]}]}
      `,
      files: [{ path: 'apps.yaml', text: apps }],
    },
    {
      name: 'empty podSelector {} selects all pods; peers in other namespaces are not checked',
      code: y`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny, namespace: empty}
        spec:
          podSelector: {}
          ingress:
          - from:
            - namespaceSelector: {matchLabels: {team: ops}}
              podSelector: {matchLabels: {app: prometheus}}
          policyTypes: [Ingress]
      `,
    },
  ],
  invalid: [
    {
      name: 'podSelector value typo',
      code: y`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: api, namespace: shop}
        spec:
          podSelector:
            matchLabels:
              app: apis
      `,
      files: [{ path: 'apps.yaml', text: apps }],
      errors: [
        {
          line: 7,
          column: 12,
          endColumn: 16,
          severity: 1,
          message:
            "NetworkPolicy `api` applies to pods with `app=apis`, but no pod template in namespace `shop` among the linted manifests matches. The closest is Deployment/api, which has `app: api`. Make the selector match the pods' labels.",
        },
      ],
    },
    {
      name: 'ingress from and egress to peers matching nothing (missing: warn lists selectors of pods made elsewhere)',
      options: { missing: 'warn' },
      code: y`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: api, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: api}}
          ingress:
          - from:
            - podSelector: {matchLabels: {role: frontnd}}
          egress:
          - to:
            - podSelector:
                matchExpressions: [{key: app, operator: In, values: [db]}]
      `,
      files: [{ path: 'apps.yaml', text: apps }],
      errors: [
        { line: 8, column: 41, message: /^NetworkPolicy `api` allows traffic from pods with `role=frontnd`, but .* The closest is Pod\/web, which has `role: frontend`\./ },
        { line: 11, column: 7, endColumn: 18, message: /^NetworkPolicy `api` allows traffic to pods with `app in \(db\)`, but no pod template in namespace `shop`/ },
      ],
    },
    {
      name: 'pods in another namespace are not selected (missing: warn lists selectors of pods made elsewhere)',
      options: { missing: 'warn' },
      code: y`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: api, namespace: other}
        spec:
          podSelector: {matchLabels: {app: api}}
      `,
      files: [{ path: 'apps.yaml', text: apps }],
      errors: [{ line: 5, column: 3, endColumn: 14, message: /^NetworkPolicy `api` applies to pods with `app=api`, but no pod template in namespace `other` among the linted manifests matches\. Make the selector/ }],
    },
  ],
});
