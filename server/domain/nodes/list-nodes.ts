import type { Deps } from "../deps.ts";
import type { NodeInfo } from "./node-registry.ts";

/** The serving processes that announced themselves within their TTL, oldest first, for the admin's system page. */
export function listNodes(deps: Deps): Promise<NodeInfo[]> {
  return deps.nodes.list();
}
