import { describe, expect, it } from 'vitest';
import { lintTexts } from '../../src/engine/lint.js';
import { checkServicePort, isLocalHost, resolveHost } from '../../src/analyze/services.js';
import { y } from '../helpers/rule-tester.js';

const graph = lintTexts([
  {
    path: 'a.yaml',
    text: y`
      apiVersion: v1
      kind: Service
      metadata: {name: inventory}
      spec: {selector: {app: inv}, ports: [{port: 8081, targetPort: 80}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: billing, namespace: other}
      spec: {selector: {app: bill}, ports: [{port: 9000, targetPort: http}, {port: 53, protocol: UDP}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: db, namespace: other}
      spec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: ext}
      spec: {type: ExternalName, externalName: example.com}
      ---
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: db, namespace: other}
      spec:
        serviceName: db
        selector: {matchLabels: {app: db}}
        template:
          metadata: {labels: {app: db}}
          spec:
            containers:
            - {name: pg, image: postgres, ports: [{containerPort: 5432}, {containerPort: 9187}]}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: empty}
    `,
  },
], { only: [] }).graph;

const r = (host: string, ns = 'default') => {
  const x = resolveHost(graph, host, ns);
  return x.kind === 'service' ? `service ${x.namespace}/${x.name}${x.podHostname ? ` pod ${x.podHostname}` : ''} (${x.form})` : x.kind === 'missing' ? `missing ${x.namespace}/${x.name} near=${x.near.join(',')} elsewhere=${x.elsewhere.join(',')}` : x.kind;
};

describe('Service resolution', () => {
  it('resolves every in-cluster form', () => {
    expect(r('inventory')).toBe('service default/inventory (bare)');
    expect(r('INVENTORY')).toBe('service default/inventory (bare)');
    expect(r('billing.other')).toBe('service other/billing (ns)');
    expect(r('billing.other.svc')).toBe('service other/billing (svc)');
    expect(r('billing.other.svc.cluster.local')).toBe('service other/billing (svc)');
    expect(r('billing.other.svc.cluster.local.')).toBe('service other/billing (svc)');
    expect(r('billing.other.svc.k8s.example.org')).toBe('service other/billing (svc)');
    expect(r('billing', 'other')).toBe('service other/billing (bare)');
  });

  it('resolves pod host names of a headless Service', () => {
    expect(r('db-0.db.other.svc.cluster.local')).toBe('service other/db pod db-0 (svc)');
    expect(r('db-0.db', 'other')).toBe('service other/db pod db-0 (bare)');
    expect(r('db-0.db.other')).toBe('service other/db pod db-0 (ns)');
  });

  it('reports missing names with near names and other namespaces', () => {
    expect(r('inventroy')).toBe('missing default/inventroy near=inventory elsewhere=');
    expect(r('billing')).toBe('missing default/billing near= elsewhere=other');
    expect(r('biling.other')).toBe('missing other/biling near=billing elsewhere=');
    expect(r('nothing.empty.svc.cluster.local')).toBe('missing empty/nothing near= elsewhere=');
    expect(r('nothing.empty')).toBe('missing empty/nothing near= elsewhere=');
  });

  it('leaves external names, IPs, localhost and templates alone', () => {
    expect(r('example.com')).toBe('external');
    expect(r('api.github.com')).toBe('external');
    expect(r('10.0.0.1')).toBe('external');
    expect(r('2001:db8::1')).toBe('external');
    expect(r('localhost')).toBe('localhost');
    expect(r('127.0.0.1')).toBe('localhost');
    expect(r('[::1]')).toBe('localhost');
    expect(r('0.0.0.0')).toBe('localhost');
    expect(r('${BACKEND}')).toBe('dynamic');
    expect(r('$host')).toBe('dynamic');
    expect(r('under_score')).toBe('external');
    expect(r('kubernetes')).toBe('external');
    expect(r('kubernetes.default.svc')).toBe('external');
    expect(r('kube-dns.kube-system.svc.cluster.local')).toBe('external');
    expect(isLocalHost('127.1.2.3')).toBe(true);
    expect(isLocalHost('128.0.0.1')).toBe(false);
  });

  it('checks Service ports (ClusterIP, headless, ExternalName)', () => {
    const inv = graph.service('default', 'inventory')!;
    expect(checkServicePort(graph, inv, 8081)).toEqual({ ok: true });
    expect(checkServicePort(graph, inv, 80)).toEqual({ ok: false, ports: [8081] });
    const billing = graph.service('other', 'billing')!;
    expect(checkServicePort(graph, billing, 53)).toEqual({ ok: false, ports: [9000] });
    const db = graph.service('other', 'db')!;
    expect(checkServicePort(graph, db, 5432)).toEqual({ ok: true });
    expect(checkServicePort(graph, db, 9187)).toEqual({ ok: true }); // headless: the pods' ports
    expect(checkServicePort(graph, db, 1234)).toEqual({ ok: false, ports: [5432] });
    expect(checkServicePort(graph, graph.service('default', 'ext')!, 1)).toEqual({ ok: true });
  });
});
