import rule from '../../rules/schema.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

const crd = (rules: string, extra = '') => y`
  apiVersion: apiextensions.k8s.io/v1
  kind: CustomResourceDefinition
  metadata: {name: widgets.example.com}
  spec:
    group: example.com
    names: {kind: Widget, plural: widgets}
    scope: Namespaced
    versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              x-kubernetes-validations: RULES
              properties:
                minReplicas: {type: integer}
                maxReplicas: {type: integer}
                mode: {type: string}
                tags:
                  type: object
                  additionalProperties:
                    type: string
                    x-kubernetes-validations: [{rule: "self.size() <= 5", message: "at most 5 characters"}]
                ports:
                  type: array
                  items:
                    type: object
                    properties:
                      name: {type: string}
                      port: {type: integer}
                    x-kubernetes-validations: [{rule: "self.port > 0 && self.port < 65536", message: "port out of range"}]
`.replace('RULES', rules) + extra;

const widget = (spec: string) => '---\n' + y`
  apiVersion: example.com/v1
  kind: Widget
  metadata: {name: w}
  spec:
`.trimEnd() + '\n' + spec.replace(/^/gm, '  ');

new RuleTester().run(rule, {
  valid: [
    { name: 'rules hold', code: crd('[{rule: "self.minReplicas <= self.maxReplicas", message: "min above max"}]') + widget('minReplicas: 1\nmaxReplicas: 3\nports: [{name: http, port: 80}]') },
    { name: 'a transition rule (oldSelf) is skipped on CREATE', code: crd('[{rule: "self.mode == oldSelf.mode", message: "mode is immutable"}]') + widget('mode: a') },
    {
      name: 'optionalOldSelf: oldSelf is optional.none()',
      code: crd('[{rule: "!oldSelf.hasValue() || self.mode == oldSelf.value().mode", optionalOldSelf: true, message: "immutable"}]') + widget('mode: a'),
    },
  ],
  invalid: [
    {
      name: 'message, at the first field the rule reads',
      code: crd('[{rule: "self.minReplicas <= self.maxReplicas", message: "min above max"}]') + widget('minReplicas: 5\nmaxReplicas: 3'),
      errors: [{ message: 'spec: Invalid value: min above max', line: 41, column: 16 }],
    },
    {
      name: 'fieldPath, messageExpression and reason',
      code:
        crd(`[{rule: "self.minReplicas <= self.maxReplicas", fieldPath: ".maxReplicas", reason: FieldValueForbidden, messageExpression: "'maxReplicas must be at least ' + string(self.minReplicas)"}]`) +
        widget('minReplicas: 5\nmaxReplicas: 3'),
      errors: [{ message: 'spec.maxReplicas: Forbidden: maxReplicas must be at least 5', line: 42, column: 16 }],
    },
    {
      name: 'a rule on list items: the element at fault, with its value omitted',
      code: crd('[]') + widget('ports: [{name: a, port: 80}, {name: b, port: 70000}]'),
      errors: [{ message: 'spec.ports[1]: Invalid value: port out of range', line: 41, column: 48 }],
    },
    {
      name: 'a rule on map values: the field path names the key in brackets, the value is shown',
      code: crd('[]') + widget('tags: {a: short, b: far-too-long}'),
      errors: [{ message: 'spec.tags[b]: Invalid value: "far-too-long": at most 5 characters', line: 41, column: 23 }],
    },
    {
      name: 'no message: failed rule',
      code: crd('[{rule: "self.mode in [\'a\', \'b\']"}]') + widget('mode: c'),
      errors: [{ message: "spec: Invalid value: failed rule: self.mode in ['a', 'b']", line: 41, column: 9 }],
    },
  ],
});
