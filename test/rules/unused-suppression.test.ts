import rule from '../../rules/unused-suppression.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

const POD = y`
  apiVersion: v1
  kind: Pod
  metadata:
    name: p
  spec:
    containers:
    - name: app
      image: busybox
`;

new RuleTester().run(rule, {
  valid: [
    POD,
    {
      name: 'a suppression of a rule switched off is not judged',
      code: POD.replace('image: busybox', 'image: busybox  # podlint-disable-line unused-volume'),
      lint: { rules: { 'unused-volume': 'off' } },
    },
    {
      name: '--no-inline-config reads no directives',
      code: POD.replace('image: busybox', 'image: busybox  # podlint-disable-line unused-volume'),
      lint: { inlineConfig: false },
    },
    {
      name: 'a # inside a block scalar is text, not a directive',
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: scripts}
        data:
          run.sh: |
            # podlint-disable-next-line unused-volume
            echo hi
      `,
    },
    {
      name: 'comments that merely mention podlint are not directives',
      code: POD.replace('image: busybox', 'image: busybox  # podlint-disabled by ops; see podlint-enablement doc'),
    },
  ],
  invalid: [
    {
      name: 'a trailing disable-line that covers nothing; --fix removes the comment',
      code: POD.replace('image: busybox', 'image: busybox   # podlint-disable-line unused-volume'),
      errors: [
        {
          message: 'Unused `podlint-disable-line` directive: no `unused-volume` problem is reported on this line. Remove the comment.',
          line: 8,
          column: 22,
          endLine: 8,
          endColumn: 58,
          severity: 1,
          hasFix: true,
        },
      ],
      output: POD,
    },
    {
      name: 'a stale disable-next-line on its own line; --fix removes the line',
      code: POD.replace('  - name: app\n', '  # podlint-disable-next-line volume-mount-missing-volume -- typo fixed since\n  - name: app\n'),
      errors: [
        {
          message: 'Unused `podlint-disable-next-line` directive: no `volume-mount-missing-volume` problem is reported on line 8. Remove the comment.',
          line: 7,
          column: 3,
        },
      ],
      output: POD,
    },
    {
      name: 'one stale rule id among judged and unjudged ones; --fix removes just that id',
      code: POD.replace('image: busybox', 'image: busybox  # podlint-disable-line unused-volume, duplicate-mount-path'),
      lint: { rules: { 'duplicate-mount-path': 'off' } },
      errors: [
        {
          message:
            '`unused-volume` in this `podlint-disable-line` directive suppresses nothing: no `unused-volume` problem is reported on this line. Remove `unused-volume` from it.',
          line: 8,
          column: 44,
          endColumn: 57,
        },
      ],
      output: POD.replace('image: busybox', 'image: busybox  # podlint-disable-line duplicate-mount-path'),
    },
    {
      name: 'an unknown rule id, with did-you-mean; --fix renames it',
      code: POD.replace('image: busybox', 'image: busybox  # podlint-disable-line unused-volumes'),
      lint: { rules: { 'unused-volume': 'off' } },
      errors: [
        {
          message: '`unused-volumes` in this `podlint-disable-line` directive is not a podlint rule, so it suppresses nothing. Did you mean `unused-volume`?',
          line: 8,
          column: 44,
          endColumn: 58,
        },
      ],
      output: POD.replace('image: busybox', 'image: busybox  # podlint-disable-line unused-volume'),
    },
    {
      name: 'an unknown rule id without a near name',
      code: POD.replace('image: busybox', 'image: busybox  # podlint-disable-line no-such-thing'),
      errors: [{ message: '`no-such-thing` in this `podlint-disable-line` directive is not a podlint rule, so it suppresses nothing. See `podlint --list-rules`.', hasFix: false }],
    },
    {
      name: 'a disable block that covers nothing',
      code: '# podlint-disable\n' + POD,
      errors: [{ message: 'Unused `podlint-disable` directive: no problem is reported after it. Remove the comment.', line: 1, column: 1, endColumn: 18 }],
      output: POD,
    },
    {
      name: 'an enable without a disable',
      code: POD + '# podlint-enable unused-volume\n',
      errors: [
        {
          message: 'Unused `podlint-enable` directive: `unused-volume` is not disabled here by an earlier `podlint-disable`. Remove the comment.',
          line: 9,
          column: 1,
        },
      ],
      output: POD,
    },
    {
      name: 'disable-next-line with no line after it',
      code: POD + '# podlint-disable-next-line\n',
      errors: [{ message: 'Unused `podlint-disable-next-line` directive: no problem is reported after it (no line follows). Remove the comment.', line: 9 }],
    },
    {
      name: 'an annotation that covers nothing points at its value (no automatic fix)',
      code: POD.replace('  name: p\n', '  name: p\n  annotations:\n    podlint.dev/ignore: "unused-volume"\n'),
      errors: [
        {
          message: 'Unused `podlint.dev/ignore` annotation: no `unused-volume` problem is reported in Pod/p. Remove the annotation.',
          line: 6,
          column: 25,
          endColumn: 40,
          hasFix: false,
        },
      ],
    },
    {
      name: 'an annotation naming an unknown rule points at the id inside the value',
      code: POD.replace('  name: p\n', '  name: p\n  annotations:\n    podlint.dev/ignore: "unused-volume, nope-rule"\n'),
      lint: { rules: { 'unused-volume': 'off' } },
      errors: [{ message: /^`nope-rule` in this `podlint.dev\/ignore` annotation is not a podlint rule/, line: 6, column: 41, endColumn: 50 }],
    },
  ],
});
