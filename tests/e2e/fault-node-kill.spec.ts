import { expect, test } from "@playwright/test";
import { startChats } from "./support/fault-chats.ts";
import { httpCall, openSockets, sleep } from "./support/fault-clients.ts";
import { createClusterEnvironment, e2eMysqlUrl, e2eRedisUrl } from "./support/mysql.ts";
import { demoEmail, demoPassword, startServer } from "./support/server.ts";

test("kill -9 one of two nodes mid-chat, with random socket drops: every message once, in seq order, for every party", async () => {
  test.skip(!e2eMysqlUrl || !e2eRedisUrl, "needs DATABASE_URL=mysql://… and REDIS_URL (set by .ci/run)");
  test.setTimeout(240_000);
  const cluster = await createClusterEnvironment();
  const nodes = [await startServer(cluster.env)];
  nodes.push(await startServer(cluster.env));

  const login = await httpCall(nodes, "auth.login", { email: demoEmail, password: demoPassword });
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const dropper = setInterval(() => {
    const victims = [...openSockets];
    victims[Math.floor(Math.random() * victims.length)]?.terminate();
  }, 400);
  const chats = await startChats(nodes, cookie, { visitors: 24, messagesPerVisitor: 12 });

  // A node dies mid-run without warning, and comes back on the same port a few seconds later.
  await sleep(3000);
  const crashedPort = nodes[0]!.port;
  await nodes[0]!.crash();
  await sleep(3000);
  nodes[0] = await startServer(cluster.env, { port: crashedPort });

  await chats.finished;
  clearInterval(dropper);
  await chats.verify(nodes[1]!);

  chats.close();
  const codes = await Promise.all(nodes.map((node) => node.stop()));
  await cluster.drop();
  expect(codes).toEqual([0, 0]);
});
