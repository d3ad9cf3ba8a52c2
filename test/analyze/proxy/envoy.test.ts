import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseEnvoy } from '../../../src/analyze/proxy/envoy.js';

const YAML = `admin:
  address:
    socket_address: { address: 127.0.0.1, port_value: 9901 }
static_resources:
  listeners:
  - name: ingress
    address:
      socket_address:
        address: 0.0.0.0
        port_value: 10000
    filter_chains:
    - filters:
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          route_config:
            virtual_hosts:
            - name: all
              domains: ["*"]
              routes:
              - match: { prefix: "/a" }
                route: { cluster: app }
              - match: { prefix: "/b" }
                route:
                  weighted_clusters:
                    clusters: [{ name: app, weight: 50 }, { name: missing, weight: 50 }]
  - name: udp
    address:
      socket_address: { protocol: UDP, address: 0.0.0.0, port_value: 53 }
  clusters:
  - name: app
    type: STRICT_DNS
    load_assignment:
      cluster_name: app
      endpoints:
      - lb_endpoints:
        - endpoint:
            address:
              socket_address:
                address: app.default.svc.cluster.local
                port_value: 8080
  - name: legacy
    hosts: [{ socket_address: { address: "legacy-svc", port_value: 81 } }]
`;

describe('envoy parser', () => {
  it('reads listeners, admin, endpoints and cluster references (YAML)', () => {
    const cfg = parseEnvoy(YAML);
    expect(cfg.ok).toBe(true);
    expect(cfg.listeners.map((l) => `${l.name} ${l.host ?? '*'}:${l.port}`)).toEqual(['ingress *:10000', 'admin 127.0.0.1:9901']);
    expect(cfg.clusters).toEqual(['app', 'legacy']);
    expect(cfg.endpoints.map((e) => `${e.cluster} ${e.host}:${e.port} ${e.plain}`)).toEqual(['app app.default.svc.cluster.local:8080 true', 'legacy legacy-svc:81 true']);
    const e = cfg.endpoints[0]!;
    expect(YAML.slice(e.hostSpan[0], e.hostSpan[1])).toBe('app.default.svc.cluster.local');
    expect(YAML.slice(e.span[0], e.span[1])).toMatch(/^address: app\.default\.svc\.cluster\.local\n\s+port_value: 8080$/);
    expect(YAML.slice(e.portSpan![0], e.portSpan![1])).toBe('8080');
    expect(YAML.slice(cfg.endpoints[1]!.hostSpan[0], cfg.endpoints[1]!.hostSpan[1])).toBe('legacy-svc');
    expect(cfg.clusterRefs.map((r) => r.name)).toEqual(['app', 'app', 'missing']);
    expect(cfg.dynamicClusters).toBe(false);
  });

  it('reads JSON configurations', () => {
    const json = JSON.stringify(
      {
        static_resources: {
          listeners: [{ name: 'l', address: { socket_address: { address: '0.0.0.0', port_value: 8080 } }, filter_chains: [{ filters: [{ name: 'tcp', typed_config: { cluster: 'c' } }] }] }],
          clusters: [{ name: 'c', load_assignment: { cluster_name: 'c', endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: 'svc', port_value: 9000 } } } }] }] } }],
        },
        dynamic_resources: { cds_config: { ads: {} } },
      },
      null,
      2,
    );
    const cfg = parseEnvoy(json);
    expect(cfg.listeners.map((l) => l.port)).toEqual([8080]);
    expect(cfg.endpoints.map((e) => `${e.host}:${e.port}`)).toEqual(['svc:9000']);
    expect(json.slice(cfg.endpoints[0]!.hostSpan[0], cfg.endpoints[0]!.hostSpan[1])).toBe('svc');
    expect(cfg.dynamicClusters).toBe(true);
  });

  it('returns nothing for text that is not YAML', () => {
    expect(parseEnvoy('a: [b').ok).toBe(false);
    expect(parseEnvoy('just text').listeners).toEqual([]);
  });

  // Plain values (the fast reader's; spans computed when read) must give what yaml's nodes give.
  // An anchor at the end makes the fast reader decline the text, so yaml's nodes are used, at the same offsets.
  const viaNodes = (text: string) => parseEnvoy(`${text}${text.endsWith('\n') ? '' : '\n'}zz_anchor: &a 1\n`);
  const read = (cfg: ReturnType<typeof parseEnvoy>) => JSON.parse(JSON.stringify({ ...cfg, listeners: cfg.listeners.map((l) => ({ ...l })), endpoints: cfg.endpoints.map((e) => ({ ...e })), clusterRefs: cfg.clusterRefs.map((r) => ({ ...r })) }));

  it('reads the same from plain values, spans computed on demand, as from yaml nodes', () => {
    expect(read(parseEnvoy(YAML))).toEqual(read(viaNodes(YAML)));
    expect(read(parseEnvoy(YAML)).endpoints.length).toBe(2);
    const frag = fc.constantFrom('static_resources:', '  listeners:', '  clusters:', '  - name: a', '    address:', '      socket_address:', '        port_value: 80', '        address: x', '    route: {cluster: a}', '    cluster: b', '  - name: c', '    hosts: [{socket_address: {address: "q", port_value: 9}}]', '    load_assignment:', '      endpoints:', '      - lb_endpoints:', '        - endpoint:', '            address:', '              socket_address: {address: y, port_value: "8080"}', 'null:', '  ~: 1');
    fc.assert(
      fc.property(fc.array(frag, { maxLength: 25 }).map((l) => ['static_resources:', ...l].join('\n') + '\n'), (text) => {
        const a = read(parseEnvoy(text));
        if (a.ok) expect(a).toEqual(read(viaNodes(text)));
      }),
      { numRuns: 500, seed: 20261126 },
    );
  });

  it('never throws and every span lies inside the text', () => {
    const frag = fc.constantFrom('static_resources:', 'listeners:', 'clusters:', '- name: a', 'address:', 'socket_address:', 'port_value: 80', 'address: x', 'route: {cluster: a}', '  ', '    ', '"', '{', '[', 'load_assignment:', 'endpoints:', '- lb_endpoints:', '- endpoint:');
    fc.assert(
      fc.property(fc.array(fc.oneof(frag, fc.string({ maxLength: 8 })), { maxLength: 30 }).map((l) => l.join('\n')), (text) => {
        const cfg = parseEnvoy(text);
        const inside = (s: [number, number]) => s[0] >= 0 && s[0] <= s[1] && s[1] <= text.length;
        for (const l of cfg.listeners) expect(inside(l.span)).toBe(true);
        for (const e of cfg.endpoints) expect(inside(e.span) && inside(e.hostSpan)).toBe(true);
        for (const r of cfg.clusterRefs) expect(inside(r.span)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
