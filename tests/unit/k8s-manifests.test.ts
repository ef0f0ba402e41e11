import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { Deployment } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { Job } from "kubernetes-models/batch/v1";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ConfigMap, Namespace, Secret, Service } from "kubernetes-models/v1";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { configVariables, loadConfig } from "../../server/config.ts";
import { createPrometheusMetrics } from "../../server/metrics/prometheus.ts";

type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; [key: string]: unknown };
type Container = {
  name: string;
  image: string;
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  [key: string]: unknown;
};

const root = "deploy/k8s";
const models: Record<string, new (data: never) => { validate(): void }> = {
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "v1/Namespace": Namespace,
  "apps/v1/Deployment": Deployment,
  "batch/v1/Job": Job,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "networking.k8s.io/v1/Ingress": Ingress,
};

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return name.endsWith(".yaml") ? [path] : [];
  });
}

function parse(text: string, where: string): Manifest[] {
  return parseAllDocuments(text).map((document) => {
    if (document.errors.length > 0) throw new Error(`${where}: ${document.errors[0]!.message}`);
    return document.toJS() as Manifest;
  });
}

/** Checks one object against the Kubernetes schema of its apiVersion/kind (throws with the failing path). */
function validate(manifest: Manifest, where: string) {
  const Model = models[`${manifest.apiVersion}/${manifest.kind}`];
  if (!Model) throw new Error(`${where}: no schema for ${manifest.apiVersion} ${manifest.kind} in this test`);
  try {
    new Model(manifest as never).validate();
  } catch (error) {
    throw new Error(`${where}: ${manifest.kind} ${manifest.metadata?.name}: ${String(error)}`);
  }
}

const base = yamlFiles(join(root, "base")).flatMap((file) =>
  parse(readFileSync(file, "utf8"), file).map((manifest) => ({ file, manifest })),
);
const objects = base.filter(({ manifest }) => manifest.kind !== "Kustomization");
const find = <T>(kind: string, name?: string) =>
  objects.find(({ manifest }) => manifest.kind === kind && (!name || manifest.metadata.name === name))!.manifest as unknown as T;
const deployment = find<{
  spec: {
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: { terminationGracePeriodSeconds: number; containers: Container[] } };
  };
}>("Deployment");
const configMap = find<{ metadata: { name: string }; data: Record<string, string> }>("ConfigMap");
const secret = find<{ metadata: { name: string }; stringData: Record<string, string> }>("Secret");
const container = deployment.spec.template.spec.containers[0]!;

describe("deploy/k8s", () => {
  it("every file parses and every object is valid against the Kubernetes schema", () => {
    const files = yamlFiles(root);
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const file of files) {
      for (const manifest of parse(readFileSync(file, "utf8"), file)) {
        if (manifest.kind === "Kustomization") {
          for (const resource of (manifest.resources as string[] | undefined) ?? [])
            expect(existsSync(join(dirname(file), resource)), `${file}: ${resource}`).toBe(true);
          continue;
        }
        validate(manifest, file);
      }
    }
    expect(objects.map(({ manifest }) => manifest.kind).sort()).toEqual(
      ["ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Job", "PodDisruptionBudget", "Secret", "Service"].sort(),
    );
  });

  it("the ConfigMap and Secret set every variable of server/config.ts, and nothing else", () => {
    const set = [...Object.keys(configMap.data), ...Object.keys(secret.stringData)];
    expect(new Set(set).size).toBe(set.length);
    expect(set.filter((name) => !configVariables.includes(name))).toEqual([]);
    expect(
      [...configVariables].filter((name) => !set.includes(name)),
      "add new variables to deploy/k8s/base/configmap.yaml or secret.yaml",
    ).toEqual([]);
    // What a cluster needs is set, and the whole environment passes the server's own parser.
    const config = loadConfig({ ...configMap.data, ...secret.stringData });
    expect(config).toMatchObject({ production: true, embedded: false, workers: 1, metricsPort: 9464, port: 3000 });
    expect(config.redisUrl).toMatch(/^redis:/);
    expect(config.databaseUrl).toMatch(/^mysql:/);
  });

  it("the Deployment and the migration Job take their environment from that ConfigMap and Secret", () => {
    const job = find<{ spec: { template: { spec: { containers: Container[] } } } }>("Job");
    for (const each of [container, job.spec.template.spec.containers[0]!]) {
      expect(each.envFrom).toEqual([{ configMapRef: { name: configMap.metadata.name } }, { secretRef: { name: secret.metadata.name } }]);
    }
    expect(job.spec.template.spec.containers[0]!.command).toEqual(["node", "dist/migrate.mjs"]);
    expect(readFileSync("scripts/build.mjs", "utf8")).toContain("dist/migrate.mjs");
  });

  it("probes: ready on /readyz, alive on /healthz; the grace period covers preStop plus the drain", () => {
    const probe = (name: string) => (container[name] as { httpGet: { path: string; port: string } }).httpGet;
    expect(probe("readinessProbe")).toEqual({ path: "/readyz", port: "http" });
    expect(probe("livenessProbe")).toEqual({ path: "/healthz", port: "http" });
    const preStop = (container.lifecycle as { preStop: { exec: { command: string[] } } }).preStop.exec.command;
    expect(preStop[0]).toBe("sleep");
    const preStopSeconds = Number(preStop[1]);
    // The process spreads reconnect notices over SHUTDOWN_SPREAD_MS, then closes, and exits within hardStopMs anyway.
    const hardStopMs = Number(/const hardStopMs = ([\d_]+);/.exec(readFileSync("server/node.ts", "utf8"))![1]!.replaceAll("_", ""));
    const spreadMs = Number(configMap.data.SHUTDOWN_SPREAD_MS);
    expect(spreadMs + 250).toBeLessThan(hardStopMs);
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(preStopSeconds + hardStopMs / 1000 + 5);
    const ports = container.ports as { name: string; containerPort: number }[];
    expect(ports).toEqual(
      expect.arrayContaining([
        { name: "http", containerPort: Number(configMap.data.PORT) },
        { name: "metrics", containerPort: Number(configMap.data.METRICS_PORT) },
      ]),
    );
  });

  it("the Service, PodDisruptionBudget and autoscaler point at the Deployment; it scales on CPU and on a socket metric Parley exports", async () => {
    const labels = deployment.spec.template.metadata.labels;
    expect(labels).toMatchObject(deployment.spec.selector.matchLabels);
    expect(labels).toMatchObject(find<{ spec: { selector: Record<string, string> } }>("Service").spec.selector);
    expect(labels).toMatchObject(
      find<{ spec: { selector: { matchLabels: Record<string, string> } } }>("PodDisruptionBudget").spec.selector.matchLabels,
    );
    const hpa = find<{
      spec: {
        scaleTargetRef: { kind: string; name: string };
        metrics: { type: string; resource?: { name: string }; pods?: { metric: { name: string } } }[];
      };
    }>("HorizontalPodAutoscaler");
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: "Deployment", name: (deployment as unknown as Manifest).metadata.name });
    expect(hpa.spec.metrics.find((metric) => metric.type === "Resource")?.resource?.name).toBe("cpu");
    const socketMetric = hpa.spec.metrics.find((metric) => metric.type === "Pods")!.pods!.metric.name;
    const exported = createPrometheusMetrics({ node: "test", defaultMetrics: false });
    expect((await exported.registry.getMetricsAsJSON()).map((metric) => metric.name)).toContain(socketMetric);
  });

  it.skipIf(!hasKubectl())("kustomize builds the example overlay, and every object it outputs is valid", () => {
    const built = execFileSync("kubectl", ["kustomize", join(root, "overlays/example")], { encoding: "utf8" });
    const manifests = parse(built, "kubectl kustomize");
    // kustomize folds long base64 values over lines; the API server's decoder skips the newlines, the schema's does not.
    for (const manifest of manifests) {
      const data = manifest.kind === "Secret" ? (manifest.data as Record<string, string> | undefined) : undefined;
      for (const key of Object.keys(data ?? {})) data![key] = data![key]!.replace(/\s/g, "");
    }
    for (const manifest of manifests) validate(manifest, "kubectl kustomize deploy/k8s/overlays/example");
    const image = manifests.find((manifest) => manifest.kind === "Deployment") as unknown as typeof deployment;
    expect(image.spec.template.spec.containers[0]!.image).toBe("registry.example.com/parley:0.1.0");
    expect(
      manifests.every((manifest) => manifest.kind === "Namespace" || (manifest.metadata as { namespace?: string }).namespace === "parley"),
    ).toBe(true);
  });
});

function hasKubectl(): boolean {
  try {
    execFileSync("kubectl", ["version", "--client"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
