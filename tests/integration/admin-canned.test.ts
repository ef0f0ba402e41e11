import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestWorld } from "../support/deps.ts";
import { createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";
import { addAgent, agentCaller } from "./inbox-support.ts";

describe.each(backends())("organization-wide canned responses in the dashboard on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let admin: Awaited<ReturnType<typeof agentCaller>>["caller"];
  let agent: Awaited<ReturnType<typeof agentCaller>>["caller"];
  beforeAll(async () => {
    world = await createTestWorld(backend);
    tenant = await createTenant(world.deps);
    admin = (await agentCaller(world.deps, tenant.admin.email)).caller;
    agent = (await agentCaller(world.deps, (await addAgent(world.deps, tenant.organization.id, "Cai Wen")).email)).caller;
  });
  afterAll(() => world?.close());

  const audit = (action: string) => world.deps.db.auditLog.findMany({ where: { organizationId: tenant.organization.id, action } });

  it("an admin creates, searches, edits and deletes shared ones; agents see them in the inbox; each change is audited", async () => {
    const hello = await admin.admin.canned.create({
      shortcut: "hello",
      title: " Greeting ",
      body: "Hi {{visitor.name}}, I'm {{agent.name}}.",
    });
    const refund = await admin.admin.canned.create({ shortcut: "refund", title: "Refunds", body: "Refunds take 5 working days." });
    // An agent's personal one is theirs alone: not in the dashboard's list.
    await agent.agent.workspace.canned.create({ shortcut: "mine", title: "Mine", body: "my own words" });
    expect(hello).toMatchObject({ shortcut: "hello", title: "Greeting" });
    expect((await admin.admin.canned.list({})).map((row) => row.shortcut)).toEqual(["hello", "refund"]);
    expect((await admin.admin.canned.list({ query: "/ref" })).map((row) => row.shortcut)).toEqual(["refund"]);
    expect((await admin.admin.canned.list({ query: "WORKING" })).map((row) => row.shortcut)).toEqual(["refund"]);
    expect((await admin.admin.canned.list({ query: "greet" })).map((row) => row.shortcut)).toEqual(["hello"]);
    expect(await admin.admin.canned.list({ query: "nothing like this" })).toEqual([]);

    const inbox = await agent.agent.workspace.canned.list();
    expect(inbox.map((row) => [row.shortcut, row.shared, row.mine])).toEqual([
      ["hello", true, false],
      ["mine", false, true],
      ["refund", true, false],
    ]);

    const edited = await admin.admin.canned.update({
      id: refund.id,
      shortcut: "refunds",
      title: "Refunds",
      body: "Refunds take 3 working days.",
    });
    expect(edited).toMatchObject({ shortcut: "refunds", body: "Refunds take 3 working days." });
    expect((await agent.agent.workspace.canned.list()).find((row) => row.id === refund.id)).toMatchObject({ shortcut: "refunds" });
    await admin.admin.canned.delete({ id: hello.id });
    expect((await agent.agent.workspace.canned.list()).map((row) => row.shortcut)).toEqual(["mine", "refunds"]);

    // Rows written in the same millisecond have no order: compare them sorted.
    expect((await audit("canned.create")).map((row) => [row.targetId, row.actorId, row.details]).sort()).toEqual(
      [
        [hello.id, tenant.admin.id, { shortcut: "hello" }],
        [refund.id, tenant.admin.id, { shortcut: "refund" }],
      ].sort(),
    );
    expect((await audit("canned.update")).map((row) => row.details)).toEqual([{ shortcut: "refunds" }]);
    expect((await audit("canned.delete")).map((row) => row.targetId)).toEqual([hello.id]);
  });

  it("bad inputs are refused with a clear error and change nothing", async () => {
    const kept = await admin.admin.canned.create({ shortcut: "thanks", title: "Thanks", body: "Thank you!" });
    const other = await admin.admin.canned.create({ shortcut: "later", title: "Later", body: "Talk later." });
    const snapshot = async () =>
      JSON.stringify([
        await world.deps.db.cannedResponse.findMany({ where: { organizationId: tenant.organization.id }, orderBy: { id: "asc" } }),
        await world.deps.db.auditLog.count({ where: { organizationId: tenant.organization.id } }),
      ]);
    const before = await snapshot();
    const refusals: [() => Promise<unknown>, string, string][] = [
      [
        () => admin.admin.canned.create({ shortcut: "thanks", title: "Again", body: "dup" }),
        "CONFLICT",
        'a shared canned response "/thanks" already exists',
      ],
      [
        () => admin.admin.canned.update({ id: other.id, shortcut: "thanks", title: "Later", body: "x" }),
        "CONFLICT",
        'a shared canned response "/thanks" already exists',
      ],
      [() => admin.admin.canned.create({ shortcut: "empty", title: "Empty", body: " \n " }), "BAD_REQUEST", "body: body is empty"],
      [() => admin.admin.canned.create({ shortcut: "blank", title: "   ", body: "x" }), "BAD_REQUEST", "title: title is empty"],
      [() => admin.admin.canned.create({ shortcut: "", title: "t", body: "x" }), "BAD_REQUEST", "shortcut: shortcut is empty"],
      [
        () => admin.admin.canned.create({ shortcut: "two words", title: "t", body: "x" }),
        "BAD_REQUEST",
        "shortcut: shortcut may contain only letters, digits, '-' and '_'",
      ],
      [
        () => admin.admin.canned.create({ shortcut: "s".repeat(41), title: "t", body: "x" }),
        "BAD_REQUEST",
        "shortcut: shortcut is longer than 40 characters",
      ],
      [
        () => admin.admin.canned.create({ shortcut: "long", title: "t".repeat(121), body: "x" }),
        "BAD_REQUEST",
        "title: title is longer than 120 characters",
      ],
      [
        () => admin.admin.canned.create({ shortcut: "long", title: "t", body: "b".repeat(5001) }),
        "BAD_REQUEST",
        "body: body is longer than 5000 characters",
      ],
      [() => admin.admin.canned.list({ query: "q".repeat(101) }), "BAD_REQUEST", "query: search is longer than 100 characters"],
      [
        () => admin.admin.canned.update({ id: "nope", shortcut: "x", title: "x", body: "x" }),
        "NOT_FOUND",
        "shared canned response not found",
      ],
      [() => admin.admin.canned.delete({ id: "nope" }), "NOT_FOUND", "shared canned response not found"],
      [() => agent.admin.canned.create({ shortcut: "agent", title: "t", body: "x" }), "FORBIDDEN", "admin role required"],
      [() => agent.admin.canned.delete({ id: kept.id }), "FORBIDDEN", "admin role required"],
    ];
    for (const [attempt, code, message] of refusals) await expect(attempt()).rejects.toMatchObject({ code, message });
    expect(await snapshot()).toBe(before);
  });

  it("an agent's personal canned response is not the dashboard's to edit or delete; the same shortcut may be personal and shared", async () => {
    const personal = await agent.agent.workspace.canned.create({ shortcut: "sorry", title: "Sorry", body: "So sorry." });
    await expect(admin.admin.canned.update({ id: personal.id, shortcut: "sorry", title: "x", body: "x" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(admin.admin.canned.delete({ id: personal.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(agent.agent.workspace.canned.create({ shortcut: "sorry", title: "Again", body: "x" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'your canned response "/sorry" already exists',
    });
    const shared = await admin.admin.canned.create({ shortcut: "sorry", title: "Sorry (team)", body: "We apologise." });
    expect(
      (await agent.agent.workspace.canned.list())
        .filter((row) => row.shortcut === "sorry")
        .map((row) => row.id)
        .sort(),
    ).toEqual([personal.id, shared.id].sort());
    expect(await world.deps.db.cannedResponse.findUniqueOrThrow({ where: { id: personal.id } })).toMatchObject({
      title: "Sorry",
      body: "So sorry.",
    });
  });
});
