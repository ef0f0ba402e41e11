import type { AgentIdentity } from "../agents/agent-identity.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { NodeInfo } from "../../nodes/node-registry.ts";

/**
 * The serving processes that announced themselves within their TTL, oldest first, for the admin's system page. They
 * are the installation's, not an organization's (host names, pids, load): with public sign-up any stranger can be an
 * admin, so only admins of the organization that runs the installation (the first one made) see them.
 */
export async function listNodes(deps: Deps, admin: AgentIdentity): Promise<NodeInfo[]> {
  await assertInstallationAdmin(deps, admin);
  return deps.nodes.list();
}

/** Throws FORBIDDEN unless the admin belongs to the organization that runs the installation. */
export async function assertInstallationAdmin(deps: Deps, admin: AgentIdentity): Promise<void> {
  const owner = await deps.db.organization.findFirst({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
  if (owner?.id !== admin.organizationId) {
    throw new AppError("FORBIDDEN", "the installation's nodes are shown only to the organization that runs it");
  }
}
