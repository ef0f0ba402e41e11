import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleHealth, migrationCheck, type HealthOptions } from "../../server/http/health.ts";
import { migrationsDir, readMigrations } from "../../server/store/migrate.ts";
import { createTestWorld } from "../support/deps.ts";
import { backends } from "../support/test-database.ts";

describe.each(backends())("/healthz and /readyz on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let server: Server;
  let base: string;
  let options: HealthOptions;
  beforeAll(async () => {
    world = await createTestWorld(backend);
    server = createServer(async (req, res) => {
      if (!(await handleHealth(world.deps, options, req, res))) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await world?.close();
  });

  const shipped = () => readMigrations(migrationsDir(backend)).map((m) => m.name);

  it("is ready when the database has every shipped migration and the bus answers; alive regardless", async () => {
    options = { isStopping: () => false, migrated: migrationCheck(world.deps, shipped()) };
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: { database: "ok", bus: "ok", migrations: "ok" } });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it("is not ready while a migration this build ships is missing (a new release before its migration Job)", async () => {
    options = { isStopping: () => false, migrated: migrationCheck(world.deps, [...shipped(), "20991231000000_from_the_future"]) };
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      status: "unavailable",
      checks: { database: "ok", bus: "ok", migrations: "Error: not applied: 20991231000000_from_the_future" },
    });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it("is not ready while draining", async () => {
    options = { isStopping: () => true, migrated: migrationCheck(world.deps, shipped()) };
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "stopping" });
  });
});
