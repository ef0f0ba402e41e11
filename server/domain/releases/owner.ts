import type { AgentIdentity } from "../agents/agent-identity.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";

/** The organization that runs the installation: the first one made (as for the node list). */
export async function installationOwner(deps: Deps): Promise<string | null> {
  const owner = await deps.db.organization.findFirst({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
  return owner?.id ?? null;
}

/** Widget releases are the installation's: with public sign-up any stranger can be an admin of some organization. */
export async function requireInstallationOwner(deps: Deps, admin: AgentIdentity): Promise<void> {
  if ((await installationOwner(deps)) !== admin.organizationId) {
    throw new AppError("FORBIDDEN", "widget releases are managed only by the organization that runs the installation");
  }
}
