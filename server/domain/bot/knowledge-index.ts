import MiniSearch from "minisearch";
import { MeaningIndex } from "./meaning.ts";
import { tokenize } from "./tokenize.ts";

export type FaqEntry = { id: string; questions: string[]; answer: string };
export type DocumentEntry = { id: string; title: string; body: string };
export type Chunk = { id: string; documentId: string; title: string; text: string };

export type FaqHit = { faqId: string; question: string; answer: string; confidence: number };
export type ChunkHit = { chunk: Chunk; confidence: number };
export type Retrieval = { faq: FaqHit[]; chunks: ChunkHit[]; confidence: number };

const chunkLimit = 800;

/** Splits a document at headings and blank lines into chunks of at most ~800 characters, each under its title. */
export function chunkDocument(document: DocumentEntry): Chunk[] {
  const blocks = document.body
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n|\n(?=#{1,6}\s)/)
    .map((block) => block.trim())
    .filter(Boolean);
  const texts: string[] = [];
  let current = "";
  for (const block of blocks) {
    const startsSection = /^#{1,6}\s/.test(block);
    if (current && (startsSection || current.length + block.length + 2 > chunkLimit)) {
      texts.push(current);
      current = "";
    }
    for (let rest = block; rest; rest = rest.slice(chunkLimit)) {
      const piece = rest.slice(0, chunkLimit);
      current = current ? `${current}\n\n${piece}` : piece;
      if (current.length >= chunkLimit) {
        texts.push(current);
        current = "";
      }
    }
  }
  if (current) texts.push(current);
  return texts.map((text, index) => ({ id: `${document.id}:${index}`, documentId: document.id, title: document.title, text }));
}

/**
 * Confidence of a hit: the share of the question's distinct terms the hit matched (BM25+ ranks, coverage scores).
 * BM25 scores are unbounded and depend on the corpus, so they order hits but cannot be compared with a threshold.
 */
function coverage(queryTerms: string[], matched: string[]): number {
  if (queryTerms.length === 0) return 0;
  return new Set(matched).size / queryTerms.length;
}

// The question is tokenized once (above), so the search must not re-segment the joined terms.
const searchOptions = {
  tokenize: (text: string) => text.split(" "),
  prefix: (term: string) => term.length > 3,
  fuzzy: (term: string) => (term.length > 5 ? 0.15 : false),
};

/**
 * A site's knowledge, indexed: FAQ question variants and document chunks, each searchable with BM25+, and the FAQ
 * also by meaning (meaning.ts), so a paraphrase reaches its entry without the LLM. An FAQ hit's confidence is the
 * better of the two: word coverage keeps exact and rare terms (a product code), meaning catches other wordings.
 */
export class KnowledgeIndex {
  private readonly faqIndex = new MiniSearch<{ id: string; faqId: string; question: string }>({
    fields: ["question"],
    storeFields: ["faqId", "question"],
    tokenize,
  });
  private readonly chunkIndex = new MiniSearch<{ id: string; title: string; text: string }>({ fields: ["title", "text"], tokenize });
  private readonly faqs = new Map<string, FaqEntry>();
  private readonly chunks = new Map<string, Chunk>();
  private readonly meaning: MeaningIndex;

  constructor(faqs: FaqEntry[], documents: DocumentEntry[]) {
    this.meaning = new MeaningIndex(faqs);
    for (const faq of faqs) {
      this.faqs.set(faq.id, faq);
      this.faqIndex.addAll(faq.questions.map((question, index) => ({ id: `${faq.id}:${index}`, faqId: faq.id, question })));
    }
    for (const document of documents) {
      for (const chunk of chunkDocument(document)) {
        this.chunks.set(chunk.id, chunk);
        this.chunkIndex.add({ id: chunk.id, title: chunk.title, text: chunk.text });
      }
    }
  }

  /** Every FAQ question variant, for matchers outside the index (embeddings.ts). */
  faqVariants(): { faqId: string; variant: number; question: string }[] {
    return [...this.faqs.values()].flatMap((faq) => faq.questions.map((question, variant) => ({ faqId: faq.id, variant, question })));
  }

  faqHit(faqId: string, variant: number, confidence: number): FaqHit | null {
    const entry = this.faqs.get(faqId);
    return entry ? { faqId, question: entry.questions[variant] ?? entry.questions[0]!, answer: entry.answer, confidence } : null;
  }

  get size() {
    return { faqs: this.faqs.size, chunks: this.chunks.size };
  }

  /** FAQ hits by word coverage alone (BM25+ order), as the index matched before meaning was added. */
  lexicalFaq(question: string, limit = 3, terms = [...new Set(tokenize(question))]): FaqHit[] {
    const faq: FaqHit[] = [];
    for (const result of this.faqIndex.search(terms.join(" "), searchOptions)) {
      const entry = this.faqs.get(result.faqId as string);
      if (!entry || faq.some((hit) => hit.faqId === entry.id)) continue;
      faq.push({
        faqId: entry.id,
        question: result.question as string,
        answer: entry.answer,
        confidence: coverage(terms, result.queryTerms),
      });
      if (faq.length === limit) break;
    }
    return faq;
  }

  search(question: string, limit = 3): Retrieval {
    const terms = [...new Set(tokenize(question))];
    const faq = this.lexicalFaq(question, limit, terms);
    for (const hit of this.meaning.search(question, limit)) {
      const entry = this.faqs.get(hit.faqId);
      if (!entry) continue;
      const lexical = faq.find((candidate) => candidate.faqId === hit.faqId);
      if (lexical) lexical.confidence = Math.max(lexical.confidence, hit.score);
      else
        faq.push({
          faqId: entry.id,
          question: entry.questions[hit.variant] ?? entry.questions[0]!,
          answer: entry.answer,
          confidence: hit.score,
        });
    }
    const chunks = this.chunkIndex
      .search(terms.join(" "), searchOptions)
      .slice(0, limit)
      .map((result) => ({ chunk: this.chunks.get(result.id as string)!, confidence: coverage(terms, result.queryTerms) }));
    // The best FAQ first by confidence: BM25 order can put a long variant matching one rare term above a full match.
    faq.sort((a, b) => b.confidence - a.confidence);
    faq.splice(limit);
    const confidence = Math.max(0, ...faq.map((hit) => hit.confidence), ...chunks.map((hit) => hit.confidence));
    return { faq, chunks, confidence };
  }
}
