import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { configVariables, loadConfig } from "../../server/config.ts";

/**
 * No Docker engine runs where this project is tested, so the image is never built here. What can be checked is
 * checked: the Dockerfile's stages, user and command, that every path and script it names exists (or is made by the
 * build), and that deploy/compose.yaml parses and sets only variables server/config.ts reads.
 */
const dockerfile = readFileSync("Dockerfile", "utf8");
/** Instructions with their continuation lines joined and comments dropped. */
const instructions = dockerfile
  .replace(/\\\n/g, " ")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith("#"));
const packageJson = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
const buildScript = readFileSync("scripts/build.mjs", "utf8");
/** What `npm ci` (its postinstall, scripts/db-generate.mjs) and `npm run build` make inside the build stage. */
const builtPaths = new Set(["dist", ".next", "server/store/generated", "node_modules"]);

const stages = () => {
  const result: { name: string; lines: string[] }[] = [];
  for (const line of instructions) {
    if (line.startsWith("FROM ")) result.push({ name: / AS (\S+)$/i.exec(line)?.[1] ?? "", lines: [] });
    result.at(-1)?.lines.push(line);
  }
  return result;
};

describe("Dockerfile", () => {
  it("builds in one stage, installs production dependencies in another, and runs a slim image as a non-root user", () => {
    const all = stages();
    expect(all.map((stage) => stage.name)).toEqual(["build", "production-deps", "runtime"]);
    const [build, deps, runtime] = all;
    expect(build!.lines).toEqual(expect.arrayContaining(["RUN npm ci --no-audit --no-fund", "RUN npm run build"]));
    expect(deps!.lines.some((line) => line.startsWith("RUN npm ci --omit=dev"))).toBe(true);
    expect(runtime!.lines[0]).toMatch(/^FROM \$\{NODE_IMAGE\}-slim AS runtime$/);
    expect(runtime!.lines).toContain("COPY --from=production-deps /app/node_modules ./node_modules");
    // Nothing from the build stage's node_modules (dev dependencies) reaches the runtime image.
    expect(runtime!.lines.filter((line) => line.startsWith("COPY --from=build")).join(" ")).not.toContain("node_modules");
    const user = runtime!.lines.filter((line) => line.startsWith("USER ")).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER (0|root)(:|$)/);
    expect(instructions.at(-1)).toBe('CMD ["npm", "run", "start:prod"]');
  });

  it("names only scripts that exist and paths that are in the repository or made by the build", () => {
    for (const [, script] of dockerfile.matchAll(/npm run ([\w:-]+)/g)) expect(packageJson.scripts[script!], script).toBeDefined();
    expect(packageJson.scripts["start:prod"]).toContain("dist/server.mjs");
    // npm is PID 1 in the container: `exec` makes the server the shell's own process, so npm's forwarded SIGTERM reaches
    // it (tests/e2e/start-prod.spec.ts); without it the shell dies and the server is killed later without draining.
    expect(packageJson.scripts["start:prod"]).toMatch(/\bexec node dist\/server\.mjs$/);
    expect(buildScript).toContain("dist/server.mjs");
    for (const line of instructions.filter((each) => each.startsWith("COPY "))) {
      const parts = line
        .split(/\s+/)
        .slice(1)
        .filter((part) => !part.startsWith("--"));
      const sources = parts.slice(0, -1);
      const fromBuild = line.includes("--from=build");
      const fromDeps = line.includes("--from=production-deps");
      for (const source of sources) {
        const path = source.replace(/^\/app\//, "").replace(/^\.\/?$/, ".");
        if (fromDeps) expect(path).toBe("node_modules");
        else if (fromBuild && builtPaths.has(path)) continue;
        else expect(existsSync(path), `${line}: ${path}`).toBe(true);
      }
    }
    // The build stage runs db-generate (postinstall) before the sources are copied: it needs scripts/ and prisma/ only.
    expect(readFileSync("scripts/db-generate.mjs", "utf8")).toContain("server/store/generated");
  });

  it(".dockerignore keeps build outputs and secrets out of the context, not the sources the build needs", () => {
    const ignored = readFileSync(".dockerignore", "utf8").split("\n").filter(Boolean);
    expect(ignored).toEqual(expect.arrayContaining(["node_modules", ".next", "dist", "data", ".git", "deploy/k8s/overlays/*/secrets.env"]));
    for (const needed of ["prisma", "scripts", "server", "app", "public", "package-lock.json"]) expect(ignored).not.toContain(needed);
  });
});

describe("deploy/compose.yaml", () => {
  const compose = parse(readFileSync("deploy/compose.yaml", "utf8")) as {
    services: Record<
      string,
      {
        image?: string;
        build?: { context: string; dockerfile: string };
        environment?: Record<string, string>;
        command?: string[];
        volumes?: string[];
      }
    >;
  };
  /** `${NAME:-default}` → default, `${NAME:?message}` → a stand-in value, as a user with the documented exports gets. */
  const substitute = (value: string) =>
    String(value)
      .replace(/\$\{SESSION_SECRET:\?[^}]*\}/g, "0123456789abcdef0123456789abcdef0123456789abcdef")
      .replace(/\$\{(\w+):\?[^}]*\}/g, "stand-in")
      .replace(/\$\{(\w+):-([^}]*)\}/g, (_all, _name, fallback: string) => fallback);

  it("runs N Parley nodes, a migration, MariaDB, Redis and nginx, all from the one image and nginx.conf", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["mariadb", "migrate", "nginx", "parley", "redis"]);
    const { migrate, parley, nginx } = compose.services;
    expect(existsSync(join("deploy", migrate!.build!.context, migrate!.build!.dockerfile))).toBe(true);
    expect(parley!.image).toBe(migrate!.image);
    expect(migrate!.command).toEqual(["npm", "run", "db:migrate:prod"]);
    expect(packageJson.scripts["db:migrate:prod"]).toBe("node dist/migrate.mjs");
    expect(buildScript).toContain("dist/migrate.mjs");
    for (const volume of nginx!.volumes!) {
      const source = volume.split(":")[0]!;
      if (source !== "./tls") expect(existsSync(join("deploy", source)), volume).toBe(true);
    }
    // The nginx service rewrites the example upstream of deploy/nginx.conf: those lines must still be there.
    const nginxConf = readFileSync("deploy/nginx.conf", "utf8");
    const script = nginx!.command!.join(" ");
    for (const [, pattern] of script.matchAll(/(server 127\.0\.0\.1:\d+) /g)) expect(nginxConf).toContain(pattern);
  });

  it("sets only variables server/config.ts reads, and the nodes' environment passes its parser as a production cluster", () => {
    for (const name of ["parley", "migrate"]) {
      const environment = compose.services[name]!.environment!;
      expect(
        Object.keys(environment).filter((key) => !configVariables.includes(key)),
        name,
      ).toEqual([]);
      const env = Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, substitute(value)]));
      const config = loadConfig(env);
      expect(config).toMatchObject({ production: true, embedded: false, trustProxy: true, metricsPort: 9464 });
      expect(config.redisUrl).toBe("redis://redis:6379");
      expect(config.databaseUrl).toMatch(/^mysql:\/\/parley:stand-in@mariadb:3306\/parley/);
    }
  });
});
