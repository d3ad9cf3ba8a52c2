/**
 * What a check of the api-validation room is: a small function over one
 * object (or one pod template), naming the Kubernetes validation function
 * whose behaviour it follows. The checks are tables in meta.ts, pod.ts,
 * objects.ts and crd.ts; docs/rules/api-validation.md lists them all.
 */
import type { GResource, Graph, PodTemplate } from '../graph/model.js';
import type { Path } from '../load/nodes.js';
import type { KubeVersion } from '../schema/versions.js';

export interface ApiIssue {
  rule: 'api-validation' | 'unknown-kind';
  resource: GResource;
  path: Path;
  part?: 'key' | 'value';
  message: string;
  /** Overrides the rule's severity (list duplicates the API server only warns about). */
  severity?: 'warn';
}

export interface CheckContext {
  graph: Graph;
  r: GResource;
  /** The object is of a built-in kind (its apiVersion/kind is in the shipped schemas). */
  builtin: boolean;
  /** The object is a custom resource whose CustomResourceDefinition is among the linted files. */
  custom: boolean;
  /** The file sits in a kustomize tree (objects there may be completed by transformers). */
  kustomized: boolean;
  /** The target Kubernetes version (validations that changed across releases follow it). */
  version: KubeVersion;
  /** Whether the target version is at least `minor` (1.x). */
  atLeast(minor: number): boolean;
  report(path: Path, message: string, part?: 'key' | 'value'): void;
}

interface CheckBase {
  /** Short id, shown in the docs table. */
  id: string;
  /** The Kubernetes validation function (or rule) the check follows. */
  follows: string;
}

/** A check of one object; `kinds` limits it to some built-in kinds (default: every object). */
export interface ObjectCheck extends CheckBase {
  kinds?: readonly string[];
  run(c: CheckContext, obj: Record<string, any>): void;
}

/** A check of one pod spec (a Pod's, or a workload's template), with the path of the spec. */
export interface PodCheck extends CheckBase {
  run(c: CheckContext, t: PodTemplate, spec: Record<string, any>, at: Path): void;
}

export const isObj = (v: unknown): v is Record<string, any> => !!v && typeof v === 'object' && !Array.isArray(v);
export const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** `key` of `o`, treating null as unset. */
export const has = (o: unknown, key: string): boolean => isObj(o) && o[key] !== undefined && o[key] !== null;
