// An example podlint plugin (docs/policies.md#plugins): rules in JavaScript,
// for what a CEL expression cannot say. A plugin is an ES module exporting
// `{ rules: { name: Rule } }`; a Rule has the built-in shape `{ meta, check }`
// (src/engine/types.ts). Name it in podlint.config.yaml:
//
//   plugins:
//     example: ./examples/plugin/podlint-plugin-example.mjs
//
// and its rules run as `example/<name>`: `example/image-digest` here.

/** @type {import('podlint').Rule} */
const imageDigest = {
  meta: {
    description: 'A container image pinned by tag only (no @sha256 digest) in a production namespace.',
    severity: 'warn',
    category: 'patterns',
    docs: 'https://example.com/podlint/image-digest',
    schema: { type: 'object', properties: { namespaces: { type: 'array', items: { type: 'string' } } }, additionalProperties: false },
  },
  check(context) {
    const namespaces = context.options.namespaces ?? ['production'];
    // context.graph.templates: every pod template (Deployments, Jobs, Pods ...) with its containers.
    for (const t of context.graph.templates) {
      if (!namespaces.includes(t.namespace)) continue;
      for (const c of t.containers) {
        if (!c.image || c.image.includes('@sha256:')) continue;
        context.report({
          resource: c.resource,
          path: [...c.path, 'image'],
          message: `${t.label}: container "${c.name}" runs image "${c.image}" without a digest; pin it as ${c.image.split(':')[0]}@sha256:<digest>`,
        });
      }
    }
  },
};

export const rules = { 'image-digest': imageDigest };
