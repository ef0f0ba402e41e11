import { Agent, buildConnector, fetch as undiciFetch } from "undici";
import { checkedAddress, type OutboundPolicy } from "./outbound-policy.ts";

/** `fetch` as every outbound client of Parley uses it (webhooks, the bot's LLM endpoint). */
export type OutboundFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * An undici dispatcher whose every connection goes to an address the policy accepted, resolved exactly once: the
 * host is resolved and checked here, and the socket is opened to that address (TLS still verifies the certificate
 * and sends SNI for the name). A redirect opens its connection through the same check, so no hop can reach an
 * address the first request could not, and a DNS answer that changes between check and connect cannot matter.
 */
function guardedAgent(policy: OutboundPolicy): Agent {
  const connect = buildConnector({});
  return new Agent({
    connect(options, callback) {
      checkedAddress(options.hostname, policy).then(
        (address) => connect({ ...options, hostname: address }, callback),
        (error: Error) => callback(error, null),
      );
    },
  });
}

const shared = new Map<string, Agent>();

function agentFor(policy: OutboundPolicy): Agent {
  // Tests that replace the resolver or the classifier get their own agent; everyone else shares one per policy so
  // keep-alive connections are reused.
  if (policy.resolve || policy.isPublic) return guardedAgent(policy);
  const key = `${policy.allowPrivate}:${policy.hint}`;
  let agent = shared.get(key);
  if (!agent) {
    agent = guardedAgent(policy);
    shared.set(key, agent);
  }
  return agent;
}

/** The one factory of outbound HTTP clients: a fetch whose connections obey `policy`. */
export function outboundFetch(policy: OutboundPolicy): OutboundFetch {
  const dispatcher = agentFor(policy);
  return (input, init) => {
    // undici's fetch knows only its own Request class; our callers (and the openai SDK) pass a URL and an init.
    if (typeof input !== "string" && !(input instanceof URL)) throw new TypeError("outbound fetch takes a URL and an init, not a Request");
    return undiciFetch(input, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher }) as unknown as Promise<Response>;
  };
}

/** The refusal behind a failed outbound fetch, if the policy is what stopped it (undici wraps it as `cause`). */
export function refusalOf(error: unknown): string | null {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current.name === "OutboundRefusedError") return current.message;
  }
  return null;
}
