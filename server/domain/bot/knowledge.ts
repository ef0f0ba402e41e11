import type { Deps } from "../deps.ts";
import { KnowledgeIndex } from "./knowledge-index.ts";

const cacheLimit = 200;

/** Sites' knowledge indexes built by this process (Deps.knowledge, built by server/services.ts), at most 200. */
export class KnowledgeCache {
  private readonly sites = new Map<string, { stamp: string; index: KnowledgeIndex }>();

  get(siteId: string, stamp: string): KnowledgeIndex | null {
    const cached = this.sites.get(siteId);
    return cached?.stamp === stamp ? cached.index : null;
  }

  set(siteId: string, stamp: string, index: KnowledgeIndex): void {
    if (this.sites.size >= cacheLimit) this.sites.delete(this.sites.keys().next().value!);
    this.sites.set(siteId, { stamp, index });
  }
}

const asStrings = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);

/**
 * The site's index, rebuilt when its knowledge changed: the stamp is the count and latest update of FAQ entries and
 * documents, two cheap aggregate queries per question instead of re-segmenting every document.
 */
export async function siteKnowledge(deps: Deps, organizationId: string, siteId: string): Promise<KnowledgeIndex> {
  const where = { organizationId, siteId };
  const [faqs, documents] = await Promise.all([
    deps.db.botFaq.aggregate({ where, _count: { _all: true }, _max: { updatedAt: true } }),
    deps.db.botDocument.aggregate({ where, _count: { _all: true }, _max: { updatedAt: true } }),
  ]);
  const stamp = [faqs._count._all, faqs._max.updatedAt?.getTime(), documents._count._all, documents._max.updatedAt?.getTime()].join(":");
  const cached = deps.knowledge.get(siteId, stamp);
  if (cached) return cached;
  const [faqRows, documentRows] = await Promise.all([
    deps.db.botFaq.findMany({ where, select: { id: true, questions: true, answer: true } }),
    deps.db.botDocument.findMany({ where, select: { id: true, title: true, body: true } }),
  ]);
  const index = new KnowledgeIndex(
    faqRows.map((row) => ({ id: row.id, questions: asStrings(row.questions), answer: row.answer })),
    documentRows,
  );
  deps.knowledge.set(siteId, stamp, index);
  return index;
}
