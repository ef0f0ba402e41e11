/** Who is calling, for agent and admin procedures; built from the session cookie. */
export type AgentIdentity = {
  userId: string;
  organizationId: string;
  role: "admin" | "agent";
  name: string;
  email: string;
};
