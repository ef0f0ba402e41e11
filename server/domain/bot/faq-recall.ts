import { KnowledgeIndex, type FaqEntry } from "./knowledge-index.ts";

export type ParaphraseSet = { faqs: FaqEntry[]; paraphrases: [string, string][]; untuned?: [string, string][]; unrelated: string[] };

export type FaqRecall = {
  paraphrases: number;
  /** Share of paraphrases whose best FAQ hit is the right entry at or above the threshold: answered without the LLM. */
  recall: number;
  untuned: { paraphrases: number; recall: number } | null;
  /** Share of unrelated questions that would get some FAQ's answer (lower is better). */
  falseAnswers: number;
  /** The same recall with word coverage alone (the index before matching by meaning), for comparison. */
  lexicalRecall: number;
};

/** How well a site's FAQ is reached by other wordings of its questions: the measure the bench prints. */
export function measureFaqRecall(set: ParaphraseSet, threshold: number): FaqRecall {
  const index = new KnowledgeIndex(set.faqs, []);
  const reaches = (question: string, faqId: string) => {
    const best = index.search(question).faq[0];
    return best !== undefined && best.faqId === faqId && best.confidence >= threshold;
  };
  const share = (hits: number, total: number) => (total === 0 ? 1 : Math.round((hits / total) * 1000) / 1000);
  const hits = set.paraphrases.filter(([faqId, question]) => reaches(question, faqId)).length;
  const untunedHits = set.untuned?.filter(([faqId, question]) => reaches(question, faqId)).length ?? 0;
  const falseAnswers = set.unrelated.filter((question) => (index.search(question).faq[0]?.confidence ?? 0) >= threshold).length;
  const lexicalHits = set.paraphrases.filter(([faqId, question]) => {
    const best = index.lexicalFaq(question)[0];
    return best !== undefined && best.faqId === faqId && best.confidence >= threshold;
  }).length;
  return {
    paraphrases: set.paraphrases.length,
    recall: share(hits, set.paraphrases.length),
    untuned: set.untuned ? { paraphrases: set.untuned.length, recall: share(untunedHits, set.untuned.length) } : null,
    falseAnswers: share(falseAnswers, set.unrelated.length),
    lexicalRecall: share(lexicalHits, set.paraphrases.length),
  };
}
