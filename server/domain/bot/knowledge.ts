import type { Deps } from "../deps.ts";
import { KnowledgeIndex } from "./knowledge-index.ts";

/**
 * Each site's index, rebuilt when its knowledge changed: the stamp is the count and latest update of FAQ entries and
 * documents, two cheap aggregate queries per question instead of re-segmenting every document.
 */
const cache = new Map<string, { stamp: string; index: KnowledgeIndex }>();
const cacheLimit = 200;

const asStrings = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);

export async function siteKnowledge(deps: Deps, organizationId: string, siteId: string): Promise<KnowledgeIndex> {
  const where = { organizationId, siteId };
  const [faqs, documents] = await Promise.all([
    deps.db.botFaq.aggregate({ where, _count: { _all: true }, _max: { updatedAt: true } }),
    deps.db.botDocument.aggregate({ where, _count: { _all: true }, _max: { updatedAt: true } }),
  ]);
  const stamp = [faqs._count._all, faqs._max.updatedAt?.getTime(), documents._count._all, documents._max.updatedAt?.getTime()].join(":");
  const cached = cache.get(siteId);
  if (cached?.stamp === stamp) return cached.index;
  const [faqRows, documentRows] = await Promise.all([
    deps.db.botFaq.findMany({ where, select: { id: true, questions: true, answer: true } }),
    deps.db.botDocument.findMany({ where, select: { id: true, title: true, body: true } }),
  ]);
  const index = new KnowledgeIndex(
    faqRows.map((row) => ({ id: row.id, questions: asStrings(row.questions), answer: row.answer })),
    documentRows,
  );
  if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value!);
  cache.set(siteId, { stamp, index });
  return index;
}
