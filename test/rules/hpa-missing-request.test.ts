import rule from '../../rules/hpa-missing-request.js';
import { RuleTester, y } from '../helpers/rule-tester.js';
import { SHAPES, inShape, lineIn, colIn } from '../helpers/shapes.js';

const hpa = (kind: string, metrics = 'metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}]') => y`
  apiVersion: autoscaling/v2
  kind: HorizontalPodAutoscaler
  metadata: {name: w}
  spec:
    scaleTargetRef: {apiVersion: apps/v1, kind: ${kind}, name: w}
    minReplicas: 2
    maxReplicas: 10
    ${metrics}
`;
const noRequest = y`
  initContainers:
  - {name: migrate, image: example/migrate}
  containers:
  - name: app
    image: example/app
    resources: {requests: {cpu: 100m}}
  - name: log
    image: busybox
`;

const keda = (trigger: string) => 'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: so}\nspec:\n  scaleTargetRef: {name: w}\n  triggers:\n  - ' + trigger + '\n';

new RuleTester().run(rule, {
  valid: [
    ...SHAPES.map((s) => ({
      name: `${s}: every container requests cpu (init containers need not)`,
      code: inShape(s, y`
        initContainers:
        - {name: migrate, image: example/migrate}
        - {name: side, image: busybox, restartPolicy: Always, resources: {requests: {cpu: 10m}}}
        containers:
        - {name: app, image: example/app, resources: {requests: {cpu: 100m, memory: 64Mi}}}
        - {name: log, image: busybox, resources: {limits: {cpu: 50m}}}
      `, hpa(s, 'metrics: [{type: Resource, resource: {name: memory, target: {type: Utilization, averageUtilization: 70}}}, {type: Resource, resource: {name: cpu, target: {type: AverageValue, averageValue: 1}}}]').replace('memory, target', 'cpu, target')),
    })),
    ...(['Pod', 'DaemonSet', 'Job', 'CronJob'] as const).map((s) => ({
      name: `${s}: not scalable, hpa-target-missing's finding`,
      code: inShape(s, noRequest, hpa(s)),
    })),
    {
      name: 'a LimitRange of the namespace defaults the request',
      code: inShape('Deployment', noRequest, hpa('Deployment') + '---\napiVersion: v1\nkind: LimitRange\nmetadata: {name: defaults}\nspec:\n  limits: [{type: Container, default: {cpu: 200m}}]\n'),
    },
    { name: 'AverageValue and memory metrics on cpu-only requests', code: inShape('Deployment', 'containers: [{name: app, image: x, resources: {requests: {cpu: 1}}}]', hpa('Deployment', 'metrics: [{type: Resource, resource: {name: memory, target: {type: AverageValue, averageValue: 100Mi}}}]')) },
    { name: 'ContainerResource on the container that has a request', code: inShape('Deployment', noRequest, hpa('Deployment', 'metrics: [{type: ContainerResource, containerResource: {name: cpu, container: app, target: {type: Utilization, averageUtilization: 60}}}]')) },
    { name: 'HPA target absent', code: hpa('Deployment') },
    { name: 'an HPA read back from a cluster whose status shows cpu utilization computed (v1)', code: inShape('Deployment', noRequest, 'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: w, resourceVersion: "508648"}\nspec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: w}, maxReplicas: 5, targetCPUUtilizationPercentage: 70}\nstatus: {currentCPUUtilizationPercentage: 12, currentReplicas: 2, desiredReplicas: 2}\n') },
    { name: 'an HPA read back from a cluster whose status shows cpu utilization computed (v2)', code: inShape('Deployment', noRequest, hpa('Deployment') + 'status:\n  currentMetrics: [{type: Resource, resource: {name: cpu, current: {averageUtilization: 14, averageValue: 14m}}}]\n') },
    { name: 'KEDA: AverageValue cpu trigger, and a Prometheus trigger', code: inShape('Deployment', noRequest, keda('{type: cpu, metricType: AverageValue, metadata: {value: "500m"}}') + '  - {type: prometheus, metadata: {serverAddress: "http://p:9090", query: up, threshold: "1"}}\n') },
    { name: 'pod-level requests (PodLevelResources)', code: inShape('Deployment', 'resources: {requests: {cpu: 500m}}\n' + noRequest, hpa('Deployment')) },
  ],
  invalid: [
    ...(['Deployment', 'StatefulSet'] as const).map((s) => ({
      name: `${s}: a container without a cpu request`,
      code: inShape(s, noRequest, hpa(s)),
      errors: [{ line: lineIn(s, 7), column: colIn(s, 9), message: new RegExp(`^HorizontalPodAutoscaler \`w\` scales ${s}/w on cpu utilization, but container \`log\` requests no cpu`) }],
    })),
    {
      name: 'autoscaling/v1 default metric, native sidecar without request',
      code: inShape('Deployment', y`
        initContainers:
        - {name: side, image: busybox, restartPolicy: Always}
        containers:
        - {name: app, image: example/app, resources: {requests: {cpu: 100m}}}
      `, 'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: w}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: w}\n  maxReplicas: 3\n'),
      errors: [{ line: lineIn('Deployment', 2), message: /on its default metric, cpu utilization \(it sets no metrics\), but container `side` \(a native sidecar\) requests no cpu/ }],
    },
    {
      name: 'memory utilization; a LimitRange in another namespace does not count; v2beta2',
      code: inShape('Deployment', 'containers: [{name: app, image: x, resources: {requests: {cpu: 1}}}]', hpa('Deployment', 'metrics: [{type: Resource, resource: {name: memory, target: {type: Utilization, averageUtilization: 80}}}]').replace('autoscaling/v2', 'autoscaling/v2beta2') + '---\napiVersion: v1\nkind: LimitRange\nmetadata: {name: d, namespace: other}\nspec:\n  limits: [{type: Container, defaultRequest: {memory: 64Mi}}]\n'),
      errors: [{ message: /memory utilization, but container `app` requests no memory/ }],
    },
    {
      name: 'KEDA ScaledObject with a cpu Utilization trigger',
      code: inShape('Deployment', noRequest, keda('{type: cpu, metricType: Utilization, metadata: {value: "60"}}')),
      errors: [{ message: /^KEDA ScaledObject `so` scales Deployment\/w on cpu utilization, but container `log` requests no cpu/ }],
    },
    {
      name: 'ContainerResource on the container without a request',
      code: inShape('StatefulSet', noRequest, hpa('StatefulSet', 'metrics: [{type: ContainerResource, containerResource: {name: cpu, container: log, target: {type: Utilization, averageUtilization: 60}}}]')),
      errors: [{ message: /cpu utilization of container `log`, but container `log` requests no cpu/ }],
    },
  ],
});
