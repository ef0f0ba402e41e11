import { randomBytes } from "node:crypto";
import type { AgentIdentity } from "../../server/domain/agents/agent-identity.ts";
import type { Deps } from "../../server/domain/deps.ts";
import { createOrganization, createSite } from "../../server/domain/organizations/create-organization.ts";
import { openVisitorSession } from "../../server/domain/sites/open-visitor-session.ts";
import type { VisitorRef } from "../../server/domain/conversations/open-for-visitor.ts";

export const testPassword = "correct horse battery staple";

/** An organization with an admin, a site allowing https://shop.example, and helpers to make visitors. */
export async function createTenant(deps: Deps, name = "Acme") {
  const tag = randomBytes(4).toString("hex");
  const organization = await createOrganization(deps, {
    name,
    admin: { email: `admin-${tag}@${name.toLowerCase()}.test`, name: `${name} Admin`, password: testPassword },
  });
  const admin = organization.users[0]!;
  const site = await createSite(deps, { organizationId: organization.id, name: `${name} shop`, allowedOrigins: ["https://shop.example"] });
  const agent: AgentIdentity = { userId: admin.id, organizationId: organization.id, role: "admin", name: admin.name, email: admin.email };

  async function visitor(deviceId = randomBytes(12).toString("hex")): Promise<VisitorRef & { token: string; deviceId: string }> {
    const session = await openVisitorSession(deps, {
      siteKey: site.siteKey,
      deviceId,
      origin: "https://shop.example",
      requestHost: "app.test",
      userAgent: "vitest",
      ip: "127.0.0.1",
    });
    return { organizationId: organization.id, siteId: site.id, visitorId: session.visitorId, token: session.token, deviceId };
  }

  return { organization, site, admin, agent, visitor };
}

export function clientMsgId(): string {
  return `t${randomBytes(10).toString("hex")}`;
}
