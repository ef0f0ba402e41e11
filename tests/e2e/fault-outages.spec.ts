import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { startChats } from "./support/fault-chats.ts";
import { httpCall, openSockets, sleep } from "./support/fault-clients.ts";
import { startPrivateMariadb, startPrivateRedis } from "./support/private-services.ts";
import { demoEmail, demoPassword, startServer, type RunningServer } from "./support/server.ts";

const onTeardown: (() => Promise<unknown>)[] = [];
test.afterEach(async () => {
  for (const stop of onTeardown.splice(0)) await stop();
});

const pidOf = async (node: RunningServer) => ((await (await fetch(`${node.url}/healthz`)).json()) as { pid: number }).pid;

test("Redis restarts and MariaDB crashes mid-chat: sends are acked late or retried, nothing lost or doubled, no node dies", async () => {
  test.setTimeout(240_000);
  // Their own Redis and MariaDB, so killing them touches nothing else.
  const redis = await startPrivateRedis();
  const database = await startPrivateMariadb();
  // Stopped whatever happens below, so a failing run leaves no redis-server or mariadbd behind.
  onTeardown.push(() => Promise.all([redis.stop(), database.stop()]));
  const env = {
    DATABASE_URL: database.databaseUrl,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: "parley_outage:",
    SESSION_SECRET: randomBytes(32).toString("hex"),
    SEED_DEMO: "1",
  };
  const nodes = [await startServer(env), await startServer(env)];
  const pids = await Promise.all(nodes.map(pidOf));

  const login = await httpCall(nodes, "auth.login", { email: demoEmail, password: demoPassword });
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  // Sockets also drop now and then, so clients resubscribe while Redis or the database is away.
  const dropper = setInterval(() => {
    const victims = [...openSockets];
    victims[Math.floor(Math.random() * victims.length)]?.terminate();
  }, 300);
  const chats = await startChats(nodes, cookie, { visitors: 16, messagesPerVisitor: 24 });

  await sleep(2000);
  await redis.crash();
  await sleep(2500);
  await redis.start();
  await sleep(2500);
  // A hard crash: InnoDB recovers on restart, and whatever was acked must be there.
  await database.crash();
  await sleep(3000);
  await database.start();

  await chats.finished;
  clearInterval(dropper);
  await chats.verify(nodes[1]!);

  // Both nodes rode it out: same processes, still ready, and they stop cleanly.
  expect(await Promise.all(nodes.map(pidOf))).toEqual(pids);
  for (const node of nodes) expect((await fetch(`${node.url}/readyz`)).status).toBe(200);
  chats.close();
  const codes = await Promise.all(nodes.map((node) => node.stop()));
  expect(
    codes,
    nodes
      .map((node) => node.logs.join(""))
      .join("\n---\n")
      .slice(-4000),
  ).toEqual([0, 0]);
});
