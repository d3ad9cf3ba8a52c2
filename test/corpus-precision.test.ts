/**
 * The precision corpus (test/corpus/precision, see its SOURCES.md): public
 * repositories podlint's rules were not written against, each linted on its
 * own as a user would. Every error and every warning was checked by hand
 * (docs/corpus-findings.md, "Precision corpus"). The test fails on any error
 * or warning not listed as true, and when a true one is no longer reported.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lintPaths } from '../src/engine/lint.js';

const DIR = join(import.meta.dirname, 'corpus', 'precision');

/** True errors, `file:line rule` (paths below test/corpus/precision). */
const TRUE_ERRORS = [
  'istio-samples/samples/mtls-echo/mtls-echo.yaml:93 volume-mount-missing-volume',
  'istio-samples/samples/security/psp/sidecar-psp.yaml:2 unknown-kind',
  'kubernetes-engine-samples/ai-ml/gke-slurm/autopilot/pv-pvc.yaml:20 api-validation',
  'kubernetes-engine-samples/ai-ml/gke-slurm/autopilot/pv-pvc.yaml:23 schema',
  'kubernetes-engine-samples/ai-ml/gke-slurm/autopilot/pv-pvc.yaml:33 api-validation',
  'kubernetes-engine-samples/ai-ml/gke-slurm/autopilot/pv-pvc.yaml:40 schema',
  'kubernetes-engine-samples/ai-ml/gke-slurm/metrics-autoscaling/pv-pvc.yaml:20 api-validation',
  'kubernetes-engine-samples/ai-ml/gke-slurm/metrics-autoscaling/pv-pvc.yaml:39 api-validation',
  'kubernetes-engine-samples/ai-ml/infw-gw/examples/getting-started/inference-model.yaml:23 schema',
  'kubernetes-engine-samples/ai-ml/infw-gw/examples/getting-started/inference-model.yaml:23 schema',
  'kubernetes-engine-samples/ai-ml/infw-gw/examples/getting-started/inference-model.yaml:24 unknown-field',
  'kubernetes-engine-samples/ai-ml/infw-gw/examples/getting-started/inference-model.yaml:28 unknown-field',
  'kubernetes-engine-samples/ai-ml/infw-gw/examples/getting-started/inference-pool-variables.yaml:16 invalid-document',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta1.yaml:15 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta1.yaml:69 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta1.yaml:124 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta1.yaml:179 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta1.yaml:234 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta1.yaml:289 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta1.yaml:344 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta1.yaml:399 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta1.yaml:454 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta1.yaml:509 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta1.yaml:564 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta2.yaml:16 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta2.yaml:73 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta2.yaml:131 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta2.yaml:189 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta2.yaml:247 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta2.yaml:305 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta2.yaml:363 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta2.yaml:421 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta2.yaml:479 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta2.yaml:537 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta2.yaml:595 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/manifests/nginx.yaml:15 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/manifests/nginx.yaml:33 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/manifests/nginx.yaml:44 hpa-missing-request',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/manifests/test.yaml:15 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/samples/k8s-cost-estimator-github/wordpress/wordpress_hpa.yaml:15 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/samples/k8s-cost-estimator-gitlab/wordpress/wordpress_hpa.yaml:15 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/samples/k8s-cost-estimator-local/app-v1/deployment-with-hpa.yaml:15 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/samples/k8s-cost-estimator-local/app-v1/deployment-with-hpa.yaml:33 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/samples/k8s-cost-estimator-local/app-v1/deployment-with-hpa.yaml:44 hpa-missing-request',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/samples/k8s-cost-estimator-local/app-v1/deployment.yaml:15 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/samples/k8s-cost-estimator-local/app-v2/deployment-with-hpa.yaml:15 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/samples/k8s-cost-estimator-local/app-v2/deployment-with-hpa.yaml:33 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/samples/k8s-cost-estimator-local/app-v2/deployment-with-hpa.yaml:44 hpa-missing-request',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/samples/k8s-cost-estimator-local/app-v2/deployment.yaml:15 deprecated-api-version',
  'kubernetes-engine-samples/databases/redis-enterprise-operator/manifests/01-basic-cluster/webhook.yaml:40 schema',
  'kubernetes-engine-samples/networking/sctp/sctp-deployment.yaml:33 schema',
  'kubernetes-engine-samples/networking/sctp/sctp-deployment.yaml:45 schema',
  'kubernetes-engine-samples/networking/sctp/sctp-deployment.yaml:46 api-validation',
  'kubernetes-engine-samples/streaming/kafka-confluent/manifests/05-replicator/my-target-cluster.yaml:135 duplicate-key',
  'kubernetes-engine-samples/streaming/kafka-confluent/manifests/05-replicator/replicator.yaml:31 duplicate-key',
  'kubernetes-engine-samples/streaming/kafka-confluent/manifests/06-confluent-platform/platform.yaml:36 duplicate-key',
  'prometheus-operator/example/user-guides/scrapeclass/scrapeclass-example-podmonitor.yaml:1 api-validation',
  'prometheus-operator/example/user-guides/scrapeclass/scrapeclass-example-podmonitor.yaml:3 schema',
  'prometheus-operator/example/user-guides/scrapeclass/scrapeclass-example-servicemonitor.yaml:5 schema',
];

/**
 * Files whose YAML Kubernetes' own parsers reject too (kubectl and PyYAML fail
 * on each): at least one `yaml-syntax` error each; how many follow the first
 * is the parser's business (issue 13, cause 3 is another branch's).
 */
const TRUE_SYNTAX_FILES = [
  'kubernetes-engine-samples/ai-ml/gke-model-armor/configuring-the-gateway/llm-gateway.yaml',
  'kubernetes-engine-samples/ai-ml/gke-model-armor/configuring-the-gateway/llm-httproute.yaml',
  'kubernetes-engine-samples/ai-ml/gke-model-armor/preparing-the-model/hdml-static-pv-pvc.yaml',
  'kubernetes-engine-samples/ai-ml/gke-model-armor/preparing-the-model/llm-service.yaml',
  'kubernetes-engine-samples/ai-ml/gke-model-armor/preparing-the-model/producer-job.yaml',
  'kubernetes-engine-samples/ai-ml/gke-model-armor/preparing-the-model/vllm-gemma-deployment.yaml',
  'kubernetes-engine-samples/ai-ml/infw-gw/examples/getting-started/vllm-llama3-8b-instruct.yaml',
];

/**
 * Kustomize trees that kustomize itself refuses to build (issue 20): each
 * names a file outside its own folder (`../tgi-7b.yaml`), which kustomize's
 * default load restrictor rejects (`kubectl kustomize` and `kubectl apply -k`
 * fail the same way). Reported at the entry, once per tree.
 */
const TRUE_RENDER_ERRORS = [
  ...['tgi-2b-bitsandbytes', 'tgi-2b-bitsandbytes-nf4', 'tgi-2b-parallel', 'tgi-7b-bitsandbytes', 'tgi-7b-bitsandbytes-nf4', 'tgi-7b-token'].map(
    (d) => `kubernetes-engine-samples/ai-ml/llm-serving-gemma/tgi/${d}/kustomization.yaml:18 null`,
  ),
  ...['vllm-2b-awq', 'vllm-2b-parallel', 'vllm-7b-awq', 'vllm-7b-kvcache', 'vllm-7b-token'].map((d) => `kubernetes-engine-samples/ai-ml/llm-serving-gemma/vllm/${d}/kustomization.yaml:18 null`),
];

/**
 * Kustomize trees that cannot render here because this copy of the
 * repositories left files out (SOURCES.md: only YAML files were copied, and
 * some CRD bases were left out): generator inputs (`.env`, `params.env`) and
 * `config/crd/bases/*.yaml`, all present upstream. kustomize fails on a
 * missing file, so podlint reports it at the entry (one finding however many
 * overlays build on it) and lints the tree's files one by one.
 */
const COPY_GAPS = [
  ...['ai-service', 'makeline-service', 'order-service'].map((d) => `aks-store-demo/kustomize/overlays/azd/${d}/kustomization.yaml:9 null`),
  'jaeger-operator/config/crd/kustomization.yaml:5 null',
  'jaeger-operator/config/manifests/kustomization.yaml:4 null',
  'kubernetes-engine-samples/ai-ml/anthropic-agent-sandbox/deploy/overlays/01_single_session/kustomization.yaml:42 null',
  'kubernetes-engine-samples/ai-ml/anthropic-agent-sandbox/deploy/overlays/02_warmpool_autoscale/kustomization.yaml:44 null',
  'opentelemetry-operator/config/crd/kustomization.yaml:5 null',
];

/**
 * Known false errors left to other work: none since the envsubst placeholders
 * (issue 13, cause 2) and the nearest-CRD resolution landed together; the
 * list stays so that a future known limitation is named here, not hidden.
 */
const KNOWN_FALSE_ERRORS: string[] = [];

/**
 * Files every value of which is an envsubst placeholder (`${MODEL_NAME:-…}`):
 * skipped as templates with a notice (issue 13, cause 2), by design. Their
 * plain twins (inference-model.yaml) carry the same true errors.
 */
const SKIPPED_TEMPLATES = ['kubernetes-engine-samples/ai-ml/infw-gw/examples/getting-started/inference-model-variables.yaml'];

/** Warnings, all checked by hand and true. */
const TRUE_WARNINGS = [
  // StatefulSets whose governing Service has a cluster IP (nothing uses per-pod names: a warning)
  'aks-store-demo/aks-store-all-in-one.yaml:6 statefulset-service',
  'aks-store-demo/aks-store-all-in-one.yaml:81 statefulset-service',
  'aks-store-demo/aks-store-ingress-quickstart.yaml:14 statefulset-service',
  'aks-store-demo/aks-store-quickstart.yaml:6 statefulset-service',
  'aks-store-demo/kustomize/base/documentdb.yaml:6 statefulset-service',
  'aks-store-demo/kustomize/base/rabbitmq.yaml:7 statefulset-service',
  // LOG-LEVEL and KAFKA-PROVISIONING-MINIMAL repeated six more times each
  ...[58, 60, 62, 64, 66, 68, 70, 72, 74, 76, 78, 80].map((l) => `jaeger-operator/config/manager/manager.yaml:${l} duplicate-env-var`),
  'kubernetes-engine-samples/autoscaling/custom-compute-classes/dra/deployment.yaml:15 deprecated-api-version',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/samples/k8s-cost-estimator-local/app-v1/statefulset.yaml:40 unused-volume',
  'kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/samples/k8s-cost-estimator-local/app-v2/statefulset.yaml:40 unused-volume',
];

const repos = readdirSync(DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

describe('precision corpus: each repository linted on its own', () => {
  const errors: string[] = [];
  const warnings: string[] = [];
  const notices: string[] = [];
  for (const repo of repos) {
    it(`${repo}: no crash, no internal error`, () => {
      const res = lintPaths([join(DIR, repo)], { workers: false });
      expect(res.notices.filter((n) => n.includes('internal error'))).toEqual([]);
      notices.push(...res.notices);
      for (const r of res.results)
        for (const f of r.findings) (f.severity === 2 ? errors : warnings).push(`${relative(DIR, r.file.path)}:${f.line} ${f.ruleId}`);
    });
  }

  it('reports no error but the true ones and the known false ones', () => {
    const allowed = new Set([...TRUE_ERRORS, ...TRUE_RENDER_ERRORS, ...COPY_GAPS, ...KNOWN_FALSE_ERRORS]);
    const syntax = new Set(TRUE_SYNTAX_FILES);
    const unexpected = errors.filter((e) => !allowed.has(e) && !(e.endsWith(' yaml-syntax') && syntax.has(e.slice(0, e.lastIndexOf(':')))));
    expect(unexpected).toEqual([]);
  });

  it('still reports every true error', () => {
    const got = new Set(errors);
    expect([...TRUE_ERRORS, ...TRUE_RENDER_ERRORS].filter((e) => !got.has(e))).toEqual([]);
    for (const f of TRUE_SYNTAX_FILES) expect(errors.some((e) => e.startsWith(f + ':') && e.endsWith(' yaml-syntax')), f).toBe(true);
  });

  it('skips the placeholder templates with a notice, and reports nothing in them', () => {
    for (const f of SKIPPED_TEMPLATES) {
      expect(notices.some((n) => n.includes(f + ':') && n.includes('skipped as a template')), f).toBe(true);
      expect([...errors, ...warnings].filter((e) => e.startsWith(f + ':'))).toEqual([]);
    }
  });

  it('reports each render failure once (one root cause, one finding)', () => {
    const failures = errors.filter((e) => e.endsWith(' null') && e.includes('kustomization.yaml:'));
    expect([...failures].sort()).toEqual([...TRUE_RENDER_ERRORS, ...COPY_GAPS].sort());
  });

  it('reports exactly the warnings checked by hand', () => {
    expect([...warnings].sort()).toEqual([...TRUE_WARNINGS].sort());
  });
});
