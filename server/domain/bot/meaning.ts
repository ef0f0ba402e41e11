import { chineseConcepts, chinesePhrases, englishConcepts, englishPhrases, fillerWords } from "./meaning-lexicon.ts";
import { segmenter } from "./tokenize.ts";

/**
 * FAQ matching by meaning, without the LLM: a question and each FAQ variant become weighted bags of concept terms
 * (greetings and fillers dropped, English stemmed, Chinese segmented by jieba, synonyms folded into one concept,
 * typos corrected against the site's own FAQ words), compared by cosine similarity under IDF weights from the site's
 * FAQ. "Hi, how can I get a refund for my order?" and "How do I get a refund?" both come down to "refund" (plus a
 * common word), so they meet above the FAQ threshold where word-for-word coverage could not.
 */
export type TermBag = Map<string, number>;

const han = /\p{Script=Han}/u;
const wordChar = /[\p{L}\p{N}]/u;
/** Concepts too common in shop questions to tell FAQs apart on their own: they count, but less. */
const commonConcepts = new Set([
  "where",
  "order",
  "item",
  "use",
  "change",
  "option",
  "time",
  "duration",
  "ship",
  "修改",
  "使用",
  "时间",
  "多久",
  "方式",
]);
const hanCharWeight = 0.35;

function stem(word: string): string {
  if (word.length <= 3 || !/^[a-z']+$/.test(word)) return word;
  let out = word.replace(/'s$/, "");
  if (out.endsWith("ies") && out.length > 4) out = `${out.slice(0, -3)}y`;
  else if (/(?:ch|sh|x|ss)es$/.test(out)) out = out.slice(0, -2);
  else if (out.endsWith("s") && !out.endsWith("ss") && !out.endsWith("us")) out = out.slice(0, -1);
  if (out.length > 5 && out.endsWith("ing")) out = out.slice(0, -3);
  else if (out.length > 5 && out.endsWith("ed")) out = out.slice(0, -2);
  return out;
}

function add(bag: TermBag, term: string, weight: number) {
  bag.set(term, (bag.get(term) ?? 0) + weight);
}

/** The concept terms of a text, with their counts (Han characters of unknown words count a little on their own). */
export function meaningTerms(text: string): TermBag {
  let normal = ` ${text.normalize("NFKC").toLowerCase()} `;
  for (const [pattern, replacement] of englishPhrases) normal = normal.replace(pattern, replacement);
  const hasHan = han.test(normal);
  if (hasHan) for (const [pattern, replacement] of chinesePhrases) normal = normal.replace(pattern, replacement);
  const words = hasHan ? segmenter().cutForSearch(normal, true) : normal.split(/[^\p{L}\p{N}']+/u);
  const bag: TermBag = new Map();
  for (const raw of words) {
    const word = raw.trim().replace(/^'+|'+$/g, "");
    if (!word || !wordChar.test(word) || fillerWords.has(word)) continue;
    const isHan = han.test(word);
    const stemmed = isHan ? word : stem(word);
    const concept = isHan ? chineseConcepts[word] : (englishConcepts[word] ?? englishConcepts[stemmed]);
    if (concept) {
      for (const term of concept.split(" ")) add(bag, term, 1);
      continue;
    }
    if (fillerWords.has(stemmed)) continue;
    add(bag, stemmed, 1);
    // An unknown Chinese word ("领的券") still says something through its characters: a concept character (券) counts
    // most of a word, any other a little.
    if (isHan && word.length > 1) {
      for (const char of word) {
        if (fillerWords.has(char)) continue;
        const charConcept = chineseConcepts[char];
        if (charConcept) for (const term of charConcept.split(" ")) add(bag, term, 0.7);
        else add(bag, `字${char}`, hanCharWeight);
      }
    }
  }
  return bag;
}

/** Edit distance of at most `limit` (Damerau: a swap counts once), checked cheaply. */
function within(a: string, b: string, limit: number): boolean {
  if (Math.abs(a.length - b.length) > limit) return false;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    let best = Infinity;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, d[i - 2]![j - 2]! + 1);
      d[i]![j] = value;
      best = Math.min(best, value);
    }
    if (best > limit) return false;
  }
  return d[a.length]![b.length]! <= limit;
}

export type MeaningHit = { faqId: string; variant: number; score: number };

/** One site's FAQ variants as IDF-weighted concept vectors. */
export class MeaningIndex {
  private readonly idf = new Map<string, number>();
  private readonly unseenWeight: number;
  private readonly vectors: { faqId: string; variant: number; vector: Map<string, number>; norm: number }[] = [];
  private readonly vocabulary: string[];

  constructor(faqs: { id: string; questions: string[] }[]) {
    const bags = faqs.map((faq) => faq.questions.map((question) => meaningTerms(question)));
    const documentFrequency = new Map<string, number>();
    for (const variants of bags) {
      const terms = new Set(variants.flatMap((bag) => [...bag.keys()]));
      for (const term of terms) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
    const n = faqs.length;
    for (const [term, df] of documentFrequency) this.idf.set(term, this.weightOf(term, Math.log(1 + (n + 1) / (df + 0.5))));
    // A word no FAQ uses still says the question is about something more; it weighs like a common FAQ word.
    this.unseenWeight = Math.log(1 + (n + 1) / (n + 0.5));
    this.vocabulary = [...documentFrequency.keys()].filter((term) => /^[a-z]{4,}$/.test(term));
    for (const [faqIndex, variants] of bags.entries()) {
      for (const [variant, bag] of variants.entries()) {
        const vector = this.weigh(bag);
        this.vectors.push({ faqId: faqs[faqIndex]!.id, variant, vector, norm: norm(vector) });
      }
    }
  }

  private weightOf(term: string, idf: number) {
    return commonConcepts.has(term) ? idf * 0.6 : idf;
  }

  private weigh(bag: TermBag): Map<string, number> {
    const vector = new Map<string, number>();
    for (const [term, count] of bag) vector.set(term, count * (this.idf.get(term) ?? this.weightOf(term, this.unseenWeight)));
    return vector;
  }

  /** A query word the FAQ does not use but is one typo away from one it does ("refnud") is read as that word. */
  private corrected(bag: TermBag): TermBag {
    const out: TermBag = new Map();
    for (const [term, count] of bag) {
      let target = term;
      if (!this.idf.has(term) && /^[a-z]{4,}$/.test(term)) {
        const limit = term.length >= 8 ? 2 : 1;
        target = this.vocabulary.find((known) => within(term, known, limit)) ?? term;
      }
      add(out, target, count);
    }
    return out;
  }

  search(question: string, limit = 3): MeaningHit[] {
    const query = this.weigh(this.corrected(meaningTerms(question)));
    const queryNorm = norm(query);
    if (queryNorm === 0) return [];
    const best = new Map<string, MeaningHit>();
    for (const entry of this.vectors) {
      if (entry.norm === 0) continue;
      let dot = 0;
      for (const [term, weight] of query) dot += weight * (entry.vector.get(term) ?? 0);
      if (dot === 0) continue;
      const score = dot / (queryNorm * entry.norm);
      const previous = best.get(entry.faqId);
      if (!previous || score > previous.score) best.set(entry.faqId, { faqId: entry.faqId, variant: entry.variant, score });
    }
    return [...best.values()].sort((a, b) => b.score - a.score).slice(0, limit);
  }
}

function norm(vector: Map<string, number>): number {
  let sum = 0;
  for (const weight of vector.values()) sum += weight * weight;
  return Math.sqrt(sum);
}
