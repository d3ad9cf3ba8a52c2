import rule from '../../rules/api-validation.js';
import { RuleTester, y } from '../helpers/rule-tester.js';

/** A Pod whose spec is `spec` (YAML indented by 2 under `spec:`). */
const pod = (spec: string, name = 'p') => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n${spec.replace(/^\n/, '').replace(/^/gm, '  ')}\n`;
const cm = (meta: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n${meta.replace(/^\n/, '').replace(/^/gm, '  ')}\ndata: {k: v}\n`;
const svc = (spec: string, name = 's') => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec:\n${spec.replace(/^\n/, '').replace(/^/gm, '  ')}\n`;
const cron = (schedule: string, extra = '') =>
  `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: ${JSON.stringify(schedule)}\n${extra}  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: c, image: busybox}]\n`;

new RuleTester().run(rule, {
  valid: [
    // metadata
    { name: 'an empty label value', code: cm('name: x\nlabels: {owner: ""}') },
    { name: 'label keys with a prefix, values with _ . -', code: cm('name: x\nlabels: {app.kubernetes.io/name: my_app.v-1, "example.com/Team": A}') },
    { name: 'a 253-character name', code: cm(`name: ${'a'.repeat(253)}`) },
    { name: 'generateName instead of a name', code: cm('generateName: job-') },
    { name: 'an RBAC name with a colon', code: y`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: "system:aggregate-to-admin"}
      rules: []
    ` },
    { name: 'annotation keys with prefixes, any values', code: cm('name: x\nannotations: {"kubectl.kubernetes.io/last-applied-configuration": "{ }", "Example.com/Thing": "a b"}') },
    { name: 'a dotted namespace-less name', code: cm('name: my.config-1') },
    // pods
    { name: 'a volume with no source (defaults to emptyDir)', code: pod('containers: [{name: a, image: i, volumeMounts: [{name: scratch, mountPath: /s}]}]\nvolumes: [{name: scratch}]') },
    { name: '1Gi request vs 1024Mi limit', code: pod('containers: [{name: a, image: i, resources: {requests: {memory: 1Gi, cpu: 500m}, limits: {memory: 1024Mi, cpu: "0.5"}}}]') },
    { name: 'a request without a limit', code: pod('containers: [{name: a, image: i, resources: {requests: {memory: 10Gi}}}]') },
    { name: 'successThreshold 2 on a readiness probe', code: pod('containers: [{name: a, image: i, readinessProbe: {httpGet: {path: /, port: http}, successThreshold: 2}, ports: [{name: http, containerPort: 80}]}]') },
    { name: 'a native sidecar with a probe', code: pod('initContainers: [{name: proxy, image: envoy, restartPolicy: Always, livenessProbe: {tcpSocket: {port: 9901}}}]\ncontainers: [{name: a, image: i}]') },
    { name: 'a template may leave the image to a controller', code: y`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: d}
      spec:
        selector: {matchLabels: {app: d}}
        template:
          metadata: {labels: {app: d}}
          spec:
            containers: [{name: a}]
    ` },
    { name: 'the same containerPort on TCP and UDP', code: pod('containers: [{name: dns, image: i, ports: [{containerPort: 53, protocol: UDP}, {containerPort: 53}]}]') },
    { name: 'a repeated env name is duplicate-env-var\'s (ValidateEnv accepts it; the API server only warns)', code: pod('containers: [{name: a, image: i, env: [{name: LOG-LEVEL, value: DEBUG}, {name: X, value: "1"}, {name: LOG-LEVEL, value: DEBUG}]}]') },
    { name: 'envsubst placeholders in names, namespaces, labels, selectors and port names (a template)', code: y`
      apiVersion: v1
      kind: Service
      metadata:
        name: \${EXTENSION_NAME:-vllm-llama3-8b-instruct-epp}
        namespace: \${NAMESPACE:-default}
        labels: {app: \${EXTENSION_NAME:-epp}, tier: $TIER}
      spec:
        selector: {app: \${EXTENSION_NAME:-epp}}
        ports: [{name: grpc, port: 9002, targetPort: \${EXTENSION_GRPC_PORT:-9002}}]
    ` },
    { name: 'a relative subPath', code: pod('containers: [{name: a, image: i, volumeMounts: [{name: v, mountPath: /etc/x, subPath: conf/x.yaml}]}]\nvolumes: [{name: v, configMap: {name: c}}]') },
    { name: 'env names with dots and dashes (and relaxed names from 1.32)', code: pod('containers: [{name: a, image: i, env: [{name: my.var-1, value: x}, {name: "1ST VAR", value: y}]}]') },
    { name: 'seccomp Localhost with its profile, RuntimeDefault without', code: pod('securityContext: {seccompProfile: {type: RuntimeDefault}}\ncontainers: [{name: a, image: i, securityContext: {seccompProfile: {type: Localhost, localhostProfile: profiles/a.json}}}]') },
    { name: 'selectors with Exists, In with values, a 63-character Job name', code: y`
      apiVersion: batch/v1
      kind: Job
      metadata: {name: ${'j'.repeat(63)}}
      spec:
        template:
          metadata: {labels: {app: x, tier: ""}}
          spec:
            restartPolicy: Never
            containers: [{name: a, image: i}]
    ` },
    { name: 'Job with restartPolicy Never', code: y`
      apiVersion: batch/v1
      kind: Job
      metadata: {name: j}
      spec:
        template:
          spec:
            restartPolicy: Never
            containers: [{name: a, image: i}]
    ` },
    // services and workloads
    { name: 'a single unnamed Service port', code: svc('selector: {app: a}\nports: [{port: 80, targetPort: http}]') },
    { name: 'a headless Service without ports', code: svc('clusterIP: None\nselector: {app: a}') },
    { name: 'an ExternalName Service', code: svc('type: ExternalName\nexternalName: db.example.com.') },
    { name: 'nodePort on a NodePort Service', code: svc('type: NodePort\nports: [{port: 80, nodePort: 30080}]') },
    { name: 'nodePort 0 (unset) on a ClusterIP Service', code: svc('ports: [{port: 80, nodePort: 0}]') },
    { name: 'TZ= in the schedule is accepted before 1.29', code: cron('TZ=UTC 0 3 * * *'), lint: { kubernetesVersion: '1.24' } },
    { name: 'CronJob @hourly', code: cron('@hourly') },
    { name: 'CronJob standard schedules', code: cron('*/15 0-6,22-23 * JAN-mar mon-FRI') },
    { name: 'CronJob @every', code: cron('@every 1h30m') },
    { name: 'CronJob with timeZone', code: cron('0 3 * * *', '  timeZone: Europe/Paris\n') },
    { name: 'CronJob TZ= before 1.29', code: cron('TZ=UTC 0 3 * * *'), lint: { kubernetesVersion: '1.28' } },
    { name: 'HPA min <= max', code: y`
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: {name: h}
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: d}
        minReplicas: 2
        maxReplicas: 2
    ` },
    { name: 'PDB with one of the two', code: y`
      apiVersion: policy/v1
      kind: PodDisruptionBudget
      metadata: {name: b}
      spec:
        maxUnavailable: 25%
        selector: {matchLabels: {app: a}}
    ` },
    { name: 'Ingress with a wildcard host and absolute paths', code: y`
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: i}
      spec:
        rules:
        - host: "*.example.com"
          http:
            paths:
            - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
    ` },
    { name: 'Deployment maxSurge 0 with maxUnavailable 1', code: y`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: d}
      spec:
        strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 0, maxUnavailable: 1}}
        selector: {matchLabels: {app: d}}
        template:
          metadata: {labels: {app: d}}
          spec: {containers: [{name: a, image: i}]}
    ` },
    { name: 'DaemonSet OnDelete with a leftover rollingUpdate', code: y`
      apiVersion: apps/v1
      kind: DaemonSet
      metadata: {name: ds}
      spec:
        updateStrategy: {type: OnDelete, rollingUpdate: {maxUnavailable: 1}}
        selector: {matchLabels: {app: ds}}
        template:
          metadata: {labels: {app: ds}}
          spec: {containers: [{name: a, image: i}]}
    ` },
    { name: 'a valid CRD', code: y`
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata: {name: widgets.example.com}
      spec:
        group: example.com
        scope: Namespaced
        names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
        versions:
        - name: v1
          served: true
          storage: true
          schema:
            openAPIV3Schema:
              type: object
              properties:
                spec:
                  type: object
                  properties:
                    size: {x-kubernetes-int-or-string: true}
                    items:
                      type: array
                      x-kubernetes-list-type: map
                      x-kubernetes-list-map-keys: [name]
                      items: {type: object, required: [name], properties: {name: {type: string}}}
                    extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
        - name: v1beta1
          served: true
          storage: false
          schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
    ` },
    { name: 'a custom kind without its CRD is left alone', code: y`
      apiVersion: example.com/v1
      kind: Widget
      metadata: {name: "Not_A_DNS_Name"}
    ` },
  ],
  invalid: [
    // metadata
    { name: 'a label value `_`', code: cm('name: x\nlabels: {owner: _}'), errors: [{ message: /label value `_` of `owner` must be empty or consist of letters/, line: 5, column: 19 }] },
    { name: 'a label value over 63 characters', code: cm(`name: x\nlabels: {v: ${'a'.repeat(64)}}`), errors: [{ message: /must be no more than 63 characters.*Did you mean `a{63}`/ }] },
    { name: 'a label key with two slashes', code: cm('name: x\nlabels: {"a/b/c": v}'), errors: [{ message: /label key `a\/b\/c` may contain at most one '\/'/, column: 12 }] },
    { name: 'a name x.com^2', code: cm('name: x.com^2'), errors: [{ message: /metadata.name `x.com\^2` of a ConfigMap must be a lowercase RFC 1123 subdomain.*\(NameIsDNSSubdomain\)\. Did you mean `x.com-2`\?/, line: 4, column: 9 }] },
    { name: 'a 254-character name', code: cm(`name: ${'a'.repeat(254)}`), errors: [{ message: /must be no more than 253 characters/ }] },
    { name: 'no name', code: 'apiVersion: v1\nkind: ConfigMap\ndata: {k: v}\n', errors: [{ message: /ConfigMap has no `metadata.name`/, line: 1 }] },
    { name: 'an RBAC name with a slash', code: y`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: "team/reader", namespace: ns}
      rules: []
    `, errors: [{ message: /may not contain '\/'/ }] },
    { name: 'a Service name with a dot (DNS-1035 label)', code: svc('ports: [{port: 80}]', 'my.svc'), errors: [{ message: /must be an RFC 1035 label.*Did you mean/ }] },
    { name: 'a Namespace name with a dot', code: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: team.a}\n', errors: [{ message: /lowercase RFC 1123 label/ }] },
    { name: 'a name with a $ that is no placeholder ($1abc)', code: cm('name: "price-$1"'), errors: [{ message: /metadata.name `price-\$1`/ }] },
    { name: 'an uppercase namespace', code: cm('name: x\nnamespace: Prod'), errors: [{ message: /metadata.namespace `Prod`.*Did you mean `prod`/ }] },
    { name: 'an annotation key with a space', code: cm('name: x\nannotations: {"my key": v}'), errors: [{ message: /annotation key `my key`/ }] },
    { name: 'annotations over 256 KiB', code: cm(`name: x\nannotations: {big: ${'a'.repeat(262145)}}`), errors: [{ message: /annotations total 262148 bytes/ }] },
    // pods
    { name: 'no image in a Pod', code: pod('containers: [{name: nginx}]'), errors: [{ message: /container `nginx` has no `image`/, line: 5 }] },
    { name: 'a container name with uppercase', code: pod('containers: [{name: Web_App, image: i}]'), errors: [{ message: /container name `Web_App`.*Did you mean `web-app`/ }] },
    { name: 'a volume with two sources', code: pod('containers: [{name: a, image: i}]\nvolumes: [{name: v, emptyDir: {}, configMap: {name: c}}]'), errors: [{ message: /volume `v` has more than one source \(`emptyDir`, `configMap`\)/, line: 6 }] },
    { name: 'a volume name with a dot', code: pod('containers: [{name: a, image: i}]\nvolumes: [{name: my.vol}]'), errors: [{ message: /volume name `my.vol`/ }] },
    { name: 'two volumes of one name', code: pod('containers: [{name: a, image: i}]\nvolumes: [{name: v}, {name: v}]'), errors: [{ message: /volumes\[1\] repeats spec.volumes\[0\] \(name v\)/, severity: 2 }] },
    { name: 'two volumes of one name, different sources', code: pod('containers: [{name: a, image: i}]\nvolumes: [{name: v}, {name: v, emptyDir: {medium: Memory}}]'), errors: [{ message: /has the same name as spec.volumes\[0\].*the API server rejects a second entry with the same name \(ValidateVolumes/, severity: 2 }] },
    { name: 'requests above limits', code: pod('containers: [{name: a, image: i, resources: {requests: {memory: 1025Mi}, limits: {memory: 1Gi}}}]'), errors: [{ message: /resources.requests.memory \(1025Mi\) is more than limits.memory \(1Gi\)/ }] },
    { name: 'cpu 2 vs 1500m', code: pod('containers: [{name: a, image: i, resources: {requests: {cpu: 2}, limits: {cpu: 1500m}}}]'), errors: [{ message: /requests.cpu \(2\) is more than limits.cpu \(1500m\)/ }] },
    { name: 'a GPU request without a limit', code: pod('containers: [{name: a, image: i, resources: {requests: {nvidia.com/gpu: 1}}}]'), errors: [{ message: /cannot be overcommitted/ }] },
    { name: 'successThreshold 2 on a liveness probe', code: pod('containers: [{name: a, image: i, livenessProbe: {tcpSocket: {port: 80}, successThreshold: 2}}]'), errors: [{ message: /livenessProbe.successThreshold must be 1 \(validateLivenessProbe\)/ }] },
    { name: 'a probe with two handlers', code: pod('containers: [{name: a, image: i, startupProbe: {tcpSocket: {port: 80}, exec: {command: [true]}}}]'), errors: [{ message: /sets both `exec` and `tcpSocket`/ }] },
    { name: 'a probe with no handler', code: pod('containers: [{name: a, image: i, readinessProbe: {periodSeconds: 5}}]'), errors: [{ message: /readinessProbe has no handler/ }] },
    { name: 'a probe on a regular init container', code: pod('initContainers: [{name: init, image: i, readinessProbe: {exec: {command: [true]}}}]\ncontainers: [{name: a, image: i}]'), errors: [{ message: /init container `init` has a readinessProbe/ }] },
    { name: 'restartPolicy on a regular container', code: pod('containers: [{name: a, image: i, restartPolicy: Always}]'), errors: [{ message: /restartPolicy on container `a` is forbidden/ }] },
    { name: 'restartPolicy Never on an init container', code: pod('initContainers: [{name: init, image: i, restartPolicy: Never}]\ncontainers: [{name: a, image: i}]'), errors: [{ message: /the only supported value is `Always`/ }] },
    { name: 'two identical container ports', code: pod('containers: [{name: a, image: i, ports: [{containerPort: 88, protocol: UDP}, {containerPort: 88}, {protocol: TCP, containerPort: 88}]}]'), errors: [{ message: /ports\[2\] repeats spec.containers\[0\].ports\[1\] \(containerPort 88, protocol TCP\)/, severity: 2, line: 5 }] },
    { name: 'port name too long, without letters, repeated', code: pod('containers: [{name: a, image: i, ports: [{containerPort: 1, name: metrics-exporter}, {containerPort: 2, name: "8080"}, {containerPort: 3, name: web}, {containerPort: 4, name: web}]}]'), errors: [{ message: /port name `metrics-exporter` must be no more than 15/ }, { message: /port name `8080` must contain at least one letter/ }, { message: /port name `web` is used twice/ }] },
    { name: 'containerPort 0 and 70000', code: pod('containers: [{name: a, image: i, ports: [{containerPort: 70000}]}]'), errors: [{ message: /containerPort 70000 must be between 1 and 65535/ }] },
    { name: 'subPath absolute and with ..', code: pod('containers: [{name: a, image: i, volumeMounts: [{name: v, mountPath: /a, subPath: /etc}, {name: v, mountPath: /b, subPath: ../x}]}]\nvolumes: [{name: v}]'), errors: [{ message: /subPath `\/etc` must be a relative path/ }, { message: /subPath `..\/x` must not contain '..'/ }] },
    { name: 'env names with spaces before 1.32', code: pod('containers: [{name: a, image: i, env: [{name: "MY VAR", value: x}]}]'), lint: { kubernetesVersion: '1.31' }, errors: [{ message: /environment variable name `MY VAR`.*before 1.32/ }] },
    { name: 'env names with = from 1.32', code: pod('containers: [{name: a, image: i, env: [{name: "A=B", value: x}]}]'), errors: [{ message: /other than '='/ }] },
    { name: 'seccomp Localhost without a profile; a profile with RuntimeDefault', code: pod('securityContext: {seccompProfile: {type: Localhost}}\ncontainers: [{name: a, image: i, securityContext: {appArmorProfile: {type: RuntimeDefault, localhostProfile: x}}}]'), errors: [{ message: /seccompProfile has `type: Localhost` but no `localhostProfile`/, line: 5 }, { message: /appArmorProfile.localhostProfile can only be set when the AppArmor profile type is `Localhost`, not `RuntimeDefault`/ }] },
    { name: 'a bad template label, a selector without values, a 64-character Job name', code: y`
      apiVersion: batch/v1
      kind: Job
      metadata: {name: ${'j'.repeat(64)}}
      spec:
        selector:
          matchExpressions: [{key: app, operator: In}]
        template:
          metadata: {labels: {app: "-x"}}
          spec:
            restartPolicy: Never
            containers: [{name: a, image: i}]
    `, errors: [{ message: /Job name is 64 characters/, line: 3 }, { message: /a selector requirement with operator In needs at least one value/, line: 6 }, { message: /template label value `-x` of `app`/, line: 8 }] },
    { name: 'Deployment restartPolicy OnFailure', code: y`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: d}
      spec:
        selector: {matchLabels: {app: d}}
        template:
          metadata: {labels: {app: d}}
          spec:
            restartPolicy: OnFailure
            containers: [{name: a, image: i}]
    `, errors: [{ message: /restartPolicy `OnFailure` is not allowed in a Deployment's pod template: supported value is `Always`/, line: 9 }] },
    { name: 'Job restartPolicy Always', code: y`
      apiVersion: batch/v1
      kind: Job
      metadata: {name: j}
      spec:
        template:
          spec:
            restartPolicy: Always
            containers: [{name: a, image: i}]
    `, errors: [{ message: /supported values are `OnFailure` and `Never`/ }] },
    // services
    { name: 'nodePort on a ClusterIP Service', code: svc('ports: [{port: 80, nodePort: 30080}]'), errors: [{ message: /nodePort is set on a Service of type ClusterIP/, line: 5 }] },
    { name: 'two unnamed Service ports', code: svc('ports: [{port: 80}, {port: 443, name: https}]'), errors: [{ message: /Service port 0 has no `name`/ }] },
    { name: 'a Service without ports', code: svc('selector: {app: a}'), errors: [{ message: /Service has no ports/ }] },
    { name: 'headless LoadBalancer', code: svc('type: LoadBalancer\nclusterIP: None\nports: [{port: 80}]'), errors: [{ message: /clusterIP `None` \(headless\) is not allowed for a Service of type LoadBalancer/ }] },
    { name: 'ExternalName without externalName', code: svc('type: ExternalName'), errors: [{ message: /has no `externalName`/ }] },
    { name: 'duplicate Service port/protocol', code: svc('ports: [{name: a, port: 80}, {name: b, port: 80, protocol: TCP}]'), errors: [{ message: /spec.ports\[1\] has the same port and protocol as spec.ports\[0\].*\(ValidateService: "Duplicate value"\)/, severity: 2 }] },
    { name: 'two volume devices with one devicePath', code: pod('containers: [{name: a, image: i, volumeDevices: [{name: b1, devicePath: /dev/xvda}, {name: b2, devicePath: /dev/xvda}]}]\nvolumes: [{name: b1, persistentVolumeClaim: {claimName: c1}}, {name: b2, persistentVolumeClaim: {claimName: c2}}]'), errors: [{ message: /volumeDevices\[1\] has the same devicePath.*validateVolumeDevices/, severity: 2 }] },
    // workloads
    { name: 'CronJob @hourlly', code: cron('@hourlly'), errors: [{ message: /schedule `@hourlly` is not a valid cron schedule.*Did you mean `@hourly`\?/, line: 5 }] },
    { name: 'CronJob with six fields', code: cron('0 0 3 * * *'), errors: [{ message: /5 fields.*this one has 6/ }] },
    { name: 'CronJob with a minute 60', code: cron('60 * * * *'), errors: [{ message: /minute field `60` is outside 0-59/ }] },
    { name: 'CronJob with TZ= from 1.29', code: cron('TZ=UTC 0 3 * * *'), errors: [{ message: /Move it to `spec.timeZone`/ }] },
    { name: 'CronJob with TZ= and timeZone before 1.29', code: cron('CRON_TZ=UTC 0 3 * * *', '  timeZone: UTC\n'), lint: { kubernetesVersion: '1.27' }, errors: [{ message: /while `spec.timeZone` is set too/ }] },
    { name: 'CronJob name over 52 characters', code: cron('@daily').replace('name: c}', `name: ${'c'.repeat(53)}}`), errors: [{ message: /CronJob name is 53 characters/ }] },
    { name: 'negative replicas', code: y`
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: s}
      spec:
        replicas: -1
        selector: {matchLabels: {app: s}}
        template:
          metadata: {labels: {app: s}}
          spec: {containers: [{name: a, image: i}]}
    `, errors: [{ message: /spec.replicas is -1; it must be >= 0/ }] },
    { name: 'maxSurge and maxUnavailable both 0', code: y`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: d}
      spec:
        strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: "0%"}}
        selector: {matchLabels: {app: d}}
        template:
          metadata: {labels: {app: d}}
          spec: {containers: [{name: a, image: i}]}
    `, errors: [{ message: /both 0/ }] },
    { name: 'Recreate with rollingUpdate', code: y`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: d}
      spec:
        strategy: {type: Recreate, rollingUpdate: {maxSurge: 1}}
        selector: {matchLabels: {app: d}}
        template:
          metadata: {labels: {app: d}}
          spec: {containers: [{name: a, image: i}]}
    `, errors: [{ message: /may not be set when the strategy type is `Recreate`/, line: 5 }] },
    { name: 'HPA max below min', code: y`
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: {name: h}
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: d}
        minReplicas: 5
        maxReplicas: 3
    `, errors: [{ message: /maxReplicas \(3\) is less than minReplicas \(5\)/, line: 7 }] },
    { name: 'PDB with both', code: y`
      apiVersion: policy/v1
      kind: PodDisruptionBudget
      metadata: {name: b}
      spec:
        minAvailable: 1
        maxUnavailable: 1
        selector: {matchLabels: {app: a}}
    `, errors: [{ message: /minAvailable and maxUnavailable are both set/, line: 6 }] },
    { name: 'Ingress with a relative Prefix path, a misplaced wildcard and an IP host', code: y`
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: i}
      spec:
        rules:
        - host: "foo.*.example.com"
          http:
            paths:
            - {path: api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
        - host: 10.0.0.1
    `, errors: [{ message: /host `foo.\*.example.com`.*a wildcard may only be the whole first label/ }, { message: /path `api` must be absolute.*Did you mean `\/api`/ }, { message: /is an IP address/ }] },
    // CRDs and custom resources
    { name: 'a CRD with a typo in a type, two storage versions, a bad name', code: y`
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata: {name: widget.example.com}
      spec:
        group: example.com
        scope: Namespaced
        names: {plural: widgets, singular: widget, kind: Widget}
        versions:
        - name: v1
          served: true
          storage: true
          schema:
            openAPIV3Schema:
              type: object
              properties:
                spec:
                  type: object
                  properties:
                    message: {type: strign}
                    tags: {type: array}
        - name: v2
          served: true
          storage: true
          schema: {openAPIV3Schema: {type: object}}
    `, errors: [
      { message: /CustomResourceDefinition name `widget.example.com` must be `<spec.names.plural>.<spec.group>`.*Did you mean `widgets.example.com`/, line: 3 },
      { message: /type `strign` is not a schema type.*Did you mean `string`\?/, line: 19 },
      { message: /an array schema needs `items`/, line: 20 },
      { message: /more than one version is marked `storage: true`/, line: 23 },
    ] },
    { name: 'a duplicate a CRD default creates in a list-map', code: y`
      apiVersion: example.com/v1
      kind: Port
      metadata: {name: p}
      list:
      - {protocol: TCP, containerPort: 88}
      - {containerPort: 88}
    `, files: [{ path: 'crd.yaml', text: y`
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata: {name: ports.example.com}
      spec:
        group: example.com
        scope: Namespaced
        names: {plural: ports, singular: port, kind: Port}
        versions:
        - name: v1
          served: true
          storage: true
          schema:
            openAPIV3Schema:
              type: object
              properties:
                list:
                  type: array
                  x-kubernetes-list-type: map
                  x-kubernetes-list-map-keys: [containerPort, protocol]
                  items:
                    type: object
                    properties:
                      containerPort: {type: integer, default: 8080}
                      protocol: {type: string, default: TCP}
    ` }], errors: [{ message: /^list\[1\] duplicates list\[0\] \(containerPort 88, protocol TCP\).*the API server rejects a duplicate key/, line: 6, severity: 2 }] },
    { name: 'a custom resource name that is not a DNS subdomain', code: 'apiVersion: example.com/v1\nkind: Port\nmetadata: {name: My_Port}\n', files: [{ path: 'crd.yaml', text: 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: ports.example.com}\nspec:\n  group: example.com\n  scope: Namespaced\n  names: {plural: ports, singular: port, kind: Port}\n  versions:\n  - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}\n' }], errors: [{ message: /metadata.name `My_Port`.*Did you mean `my-port`/ }] },
  ],
});
