import { hashPassword } from "../../server/domain/agents/password.ts";
import type { Deps } from "../../server/domain/deps.ts";
import { callerFor } from "../support/caller.ts";
import { testPassword } from "../support/fixtures.ts";

/** A second agent in a tenant's organization. */
export async function addAgent(deps: Deps, organizationId: string, name: string) {
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}-${Math.random().toString(36).slice(2, 8)}@agents.test`;
  return deps.db.user.create({
    data: { organizationId, email, name, role: "agent", passwordHash: await hashPassword(testPassword) },
  });
}

/** A caller logged in as that agent, through the real login procedure and session cookie. */
export async function agentCaller(deps: Deps, email: string, signal?: AbortSignal) {
  const session = await callerFor(deps);
  await session.caller.auth.login({ email, password: testPassword });
  const cookie = session.setCookies[0]!.split(";")[0]!;
  return { caller: (await callerFor(deps, { cookie, signal })).caller, cookie };
}

export const until = async (check: () => boolean, timeoutMs = 8000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
