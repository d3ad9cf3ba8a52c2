/**
 * The six workload shapes a pod spec appears in (Pod, Deployment, StatefulSet,
 * DaemonSet, Job, CronJob), for rule fixtures that must hold in every one.
 * `podSpec` is the pod spec's body, unindented (`containers: ...`).
 */
export const SHAPES = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'] as const;
export type Shape = (typeof SHAPES)[number];

const HEAD: Record<Shape, [string, number]> = {
  Pod: ['apiVersion: v1\nkind: Pod\nmetadata: {name: w, labels: {app: w}}\nspec:\n', 2],
  Deployment: ['apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: w}}\n  template:\n    metadata: {labels: {app: w}}\n    spec:\n', 6],
  StatefulSet: ['apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: w}\nspec:\n  serviceName: w\n  replicas: 2\n  selector: {matchLabels: {app: w}}\n  template:\n    metadata: {labels: {app: w}}\n    spec:\n', 6],
  DaemonSet: ['apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: w}\nspec:\n  selector: {matchLabels: {app: w}}\n  template:\n    metadata: {labels: {app: w}}\n    spec:\n', 6],
  Job: ['apiVersion: batch/v1\nkind: Job\nmetadata: {name: w}\nspec:\n  template:\n    metadata: {labels: {app: w}}\n    spec:\n      restartPolicy: Never\n', 6],
  CronJob: ['apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: w}\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        metadata: {labels: {app: w}}\n        spec:\n          restartPolicy: Never\n', 10],
};

/** The pod spec inside a workload of this shape (named `w`, pods labelled `app: w`). */
export function inShape(shape: Shape, podSpec: string, extra = ''): string {
  const [head, indent] = HEAD[shape];
  const pad = ' '.repeat(indent);
  const body = podSpec.replace(/\n+$/, '').split('\n').map((l) => (l.trim() ? pad + l : l)).join('\n');
  return head + body + '\n' + (extra ? `---\n${extra.replace(/\n+$/, '')}\n` : '');
}

/** Line (1-based) in `inShape(shape, podSpec)` of the pod spec's line `n` (1-based). */
export function lineIn(shape: Shape, n: number): number {
  return HEAD[shape][0].split('\n').length - 1 + n;
}

/** Column (1-based) in the shape of a pod spec column. */
export function colIn(shape: Shape, col: number): number {
  return HEAD[shape][1] + col;
}
