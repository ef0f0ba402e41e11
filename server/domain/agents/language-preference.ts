import type { AgentIdentity } from "./agent-identity.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";

export type LanguagePreferences = {
  /** What the person picked; null follows the organization. */
  language: string | null;
  /** The organization's default language (Dashboard → Organization). */
  organizationLanguage: string;
};

export async function getLanguagePreferences(deps: Deps, agent: AgentIdentity): Promise<LanguagePreferences> {
  const user = await deps.db.user.findFirst({
    where: { id: agent.userId, organizationId: agent.organizationId },
    select: { language: true, organization: { select: { defaultLanguage: true } } },
  });
  if (!user) throw new AppError("NOT_FOUND", "user not found");
  return { language: user.language, organizationLanguage: user.organization.defaultLanguage };
}

/** Per person, not per browser: the inbox and dashboard follow them to any device they sign in on. */
export async function setLanguagePreference(deps: Deps, agent: AgentIdentity, input: { language: string | null }) {
  const { count } = await deps.db.user.updateMany({
    where: { id: agent.userId, organizationId: agent.organizationId },
    data: { language: input.language },
  });
  if (count === 0) throw new AppError("NOT_FOUND", "user not found");
  return getLanguagePreferences(deps, agent);
}
