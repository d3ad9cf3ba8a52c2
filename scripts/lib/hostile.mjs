// Hostile input shapes for the fuzz run (scripts/fuzz.mjs): what a stranger's
// pull request could carry to make podlint slow, silent or its output lie.
// Each generator takes a size (characters, roughly) and a seeded PRNG.

const pick = (rand, xs) => xs[Math.floor(rand() * xs.length)];
const indent = (text, n) => text.split('\n').map((l) => (l ? ' '.repeat(n) + l : l)).join('\n');
const fill = (unit, n) => unit.repeat(Math.max(1, Math.floor(n / unit.length)));
/** Control characters and workflow-command lookalikes for values and names. */
const NASTY = ['\n::error file=x::pwned', '\u001b[2J', '\u001b]8;;http://evil\u0007x\u001b]8;;\u0007', '\r::warning::x', '\u202e', '\u0000', '%0A::error::y', '\u2028'];

const pod = (containers, volumes = '[]') => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n${indent(containers, 2)}\n  volumes: ${volumes}\n`;
const cm = (name, key, text) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata:\n  ${key}: |\n${indent(text, 4)}\n`;
const svc = (name, port) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec:\n  ports: [{port: ${port}}]\n`;

export const SHAPES = {
  crdPattern(n, rand) {
    const pattern = pick(rand, ['^(a+)+$', '^(a|a)*$', '^(a|aa)+$', '(x+x+)+y', '^([a-z]+)*[0-9]$', '(?=a)a', '(a)\\1', '^(?i)(abort|warn)?$', 'a{1001}']);
    const crd = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: ws.example.com}\nspec:\n  group: example.com\n  scope: Namespaced\n  names: {kind: W, plural: ws, singular: w, listKind: WList}\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n        type: object\n        properties:\n          spec:\n            type: object\n            properties:\n              name: {type: string, pattern: ${JSON.stringify(pattern)}}\n`;
    return `${crd}---\napiVersion: example.com/v1\nkind: W\nmetadata: {name: w}\nspec:\n  name: ${fill(pick(rand, ['a', 'x', 'ab']), n)}!\n`;
  },
  nginxGlob(n, rand) {
    const glob = fill(pick(rand, ['*a', 'a*', '*?a', '[a]*']), n) + 'b';
    const conf = `server {\n  listen 8000;\n  include /etc/nginx/conf.d/${glob};\n}`;
    return `${cm('gw', 'default.conf', conf)}  ${'a'.repeat(200)}.x: "a"\n---\n${pod(`- name: nginx\n  image: nginx:1.27\n  volumeMounts: [{name: c, mountPath: /etc/nginx/conf.d}]`, '[{name: c, configMap: {name: gw}}]')}`;
  },
  nginxDeep(n, rand) {
    const levels = Math.max(41, Math.floor(n / 14));
    const conf = 'server {\n  listen 8000;\n' + 'location /a {\n'.repeat(levels) + 'proxy_pass http://inventroy:8080;\n' + '}\n'.repeat(levels) + '}';
    return `${cm('gw', 'default.conf', conf)}---\n${pod(`- name: nginx\n  image: nginx:1.27\n  volumeMounts: [{name: c, mountPath: /etc/nginx/conf.d}]`, '[{name: c, configMap: {name: gw}}]')}`;
  },
  haproxyFindings(n, rand) {
    let cfg = 'frontend f\n  bind *:8080\n  default_backend b0\n';
    for (let i = 0; cfg.length < n; i++) cfg += `backend b${i}\n  server s${i} ${pick(rand, ['billing:8082', 'bilings:8081', 'nowhere:80'])}\n`;
    return `${cm('hp', 'haproxy.cfg', cfg)}---\n${pod(`- name: main\n  image: busybox\n- name: ambassador\n  image: haproxy:2.4\n  volumeMounts: [{name: c, mountPath: /usr/local/etc/haproxy/}]`, '[{name: c, configMap: {name: hp}}]')}---\n${svc('billing', 8081)}`;
  },
  envoyDeep(n, rand) {
    const levels = Math.max(70, Math.floor(n / 4));
    const conf = rand() < 0.5 ? `static_resources: {listeners: ${'['.repeat(levels)}${']'.repeat(levels)}}` : `static_resources:\n  listeners:\n  - name: l\n    address: {socket_address: {address: 0.0.0.0, port_value: 10000}}\n    filter_chains:\n    - filters:\n      - name: f\n        typed_config: ${'{a: '.repeat(Math.min(levels, 900))}{cluster: nope}${'}'.repeat(Math.min(levels, 900))}\n`;
    return `${cm('envoy', 'envoy.yaml', conf)}---\n${pod(`- name: envoy\n  image: envoyproxy/envoy:v1.31-latest\n  volumeMounts: [{name: c, mountPath: /etc/envoy}]`, '[{name: c, configMap: {name: envoy}}]')}`;
  },
  paddedSuppression(n, rand) {
    return `# podlint-disable-next-line${' '.repeat(n)}${pick(rand, ['x', 'unused-volume', '-- why', ','])}\n${pod('- name: c\n  image: i\n  volumeMounts: [{name: nope, mountPath: /x}]')}`;
  },
  longWords(n, rand) {
    const w = fill(pick(rand, ['s', '/', 'c', 'a:', 'a.', 'http://a:1 ']), n);
    return pod(`- name: main\n  image: busybox\n- name: a\n  image: alpine/socat\n  command: [socat, 'TCP-LISTEN:8080,fork', ${JSON.stringify('TCP:billing:8082,' + w)}]\n  env: [{name: URL, value: ${JSON.stringify(w)}}]\n  volumeMounts: [{name: v, mountPath: ${JSON.stringify('/' + w)}}, {name: v, mountPath: ${JSON.stringify('/' + w)}}]`, '[{name: v, emptyDir: {}}]') + `---\n${svc('billing', 8081)}`;
  },
  controlChars(n, rand) {
    const bad = () => pick(rand, NASTY) + 'x'.repeat(Math.floor(rand() * Math.min(n, 300)));
    return pod(`- name: ${JSON.stringify(bad())}\n  image: ${JSON.stringify(bad())}\n  volumeMounts: [{name: ${JSON.stringify(bad())}, mountPath: /x}]\n  env: [{name: ${JSON.stringify(bad())}, valueFrom: {configMapKeyRef: {name: ${JSON.stringify(bad())}, key: k}}}]`) + `---\napiVersion: v1\nkind: ${JSON.stringify(bad())}\nmetadata: {name: ${JSON.stringify(bad())}}\n`;
  },
};

/** One hostile input: a shape, at a size between 1,000 and 100,000 characters (log-uniform). */
export function hostile(rand) {
  const names = Object.keys(SHAPES);
  const name = names[Math.floor(rand() * names.length)];
  const n = Math.floor(1000 * Math.pow(100, rand()));
  return { shape: name, text: SHAPES[name](n, rand) };
}
