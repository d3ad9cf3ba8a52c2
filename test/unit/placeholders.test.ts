/**
 * Environment-variable placeholders (src/load/placeholders.ts): what counts
 * as one, and files that are mostly placeholders are templates — skipped with
 * a notice by both readers alike.
 */
import { describe, expect, it } from 'vitest';
import { mostlyPlaceholders, placeholdersIn, ENV_TEMPLATE_NOTICE } from '../../src/load/placeholders.js';
import { parseFull, parseSource } from '../../src/load/parse.js';
import { makeSource } from '../../src/load/source.js';

describe('placeholders', () => {
  it('recognises ${VAR}, ${VAR:-default} (and -, :=, =) and a whole-value $VAR; not $(VAR) nor prices', () => {
    expect(placeholdersIn('${PORT}')).toEqual({ rendered: '${PORT}', unknown: true, whole: true });
    expect(placeholdersIn('${PORT:-9002}')).toEqual({ rendered: '9002', unknown: false, whole: true });
    expect(placeholdersIn('${PORT-9002}')).toEqual({ rendered: '9002', unknown: false, whole: true });
    expect(placeholdersIn('${PORT:=9002}')).toEqual({ rendered: '9002', unknown: false, whole: true });
    expect(placeholdersIn('$PORT')).toEqual({ rendered: '$PORT', unknown: true, whole: true });
    expect(placeholdersIn('repo/app:${TAG:-1.2}-${FLAVOR:-slim}')).toEqual({ rendered: 'repo/app:1.2-slim', unknown: false, whole: false });
    expect(placeholdersIn('repo/app:${TAG}')).toMatchObject({ unknown: true, whole: false });
    for (const s of ['$(POD_IP)', 'costs $5', 'plain', 'a$', '${1abc}']) expect(placeholdersIn(s), s).toBeUndefined();
  });

  it('a file is a template when more than half of its values are placeholders (scripts using ${X} do not count)', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: '${NAME}', namespace: '${NS}' }, spec: { selector: { app: '${NAME}' }, ports: [{ port: 80 }] } };
    expect(mostlyPlaceholders([svc])).toBe(true);
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'scripts' }, data: { a: 'echo ${A}\n', b: 'echo ${B}\n', c: 'echo ${C}\n' } };
    expect(mostlyPlaceholders([cm])).toBe(false);
    const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' }, spec: { replicas: '${R}', template: { spec: { containers: [{ name: 'api', image: 'a:${TAG}' }] } } } };
    expect(mostlyPlaceholders([dep])).toBe(false);
  });

  const TEMPLATE = `apiVersion: v1
kind: Service
metadata:
  name: \${NAME}
  namespace: \${NAMESPACE}
spec:
  selector:
    app: \${NAME}
  ports:
  - port: \${PORT:-80}
    targetPort: \${TARGET_PORT}
`;

  it('both readers skip a mostly-placeholder file with the notice, and keep a file with a few', () => {
    for (const pf of [parseSource(makeSource('svc.yaml', TEMPLATE)), parseFull(makeSource('svc.yaml', TEMPLATE))]) {
      expect(pf.skipped).toBe(ENV_TEMPLATE_NOTICE);
      expect(pf.resources).toEqual([]);
    }
    const few = TEMPLATE.replace('${NAMESPACE}', 'shop').replace('app: ${NAME}', 'app: web\n    tier: front').replace('${NAME}', 'web').replace('${TARGET_PORT}', 'http');
    for (const pf of [parseSource(makeSource('svc.yaml', few)), parseFull(makeSource('svc.yaml', few))]) {
      expect(pf.skipped).toBeUndefined();
      expect(pf.resources.map((r) => r.obj.spec.ports[0].port)).toEqual(['${PORT:-80}']);
    }
  });

  it('a file whose placeholders break its YAML (in a flow mapping) is a template too, while a real YAML error stays one', () => {
    const broken = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: ${APP}}\n  ports: [{port: 80}]\n';
    const pf = parseFull(makeSource('svc.yaml', broken));
    expect(pf.skipped).toMatch(/environment-variable placeholders .* break its YAML/);
    const real = 'apiVersion: v1\nkind: Service\nmetadata: {name: ${NAME}}\nspec:\n  ports: [{port: 80}\n';
    const pr = parseFull(makeSource('svc.yaml', real));
    expect(pr.skipped).toBeUndefined();
    expect(pr.problems.length).toBeGreaterThan(0);
  });
});
