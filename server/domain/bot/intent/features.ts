/**
 * What the intent model sees of a message: hashed character n-grams (1–4, across word boundaries, so typos and
 * Chinese without spaces still share most of their grams with the phrasings trained on) plus word unigrams and
 * bigrams for scripts with spaces. Shared by training (scripts/train-intents.ts) and classification, so both hash the
 * same way. Pure and allocation-light: a message of a few dozen characters gives ~150 features in a few microseconds.
 */
export const intents = ["handoff", "greeting", "thanks", "question", "other"] as const;
export type Intent = (typeof intents)[number];

/** Hashed feature space: 2^16 buckets (collisions are rare at the few tens of thousands of distinct grams trained). */
export const featureBits = 16;
const mask = (1 << featureBits) - 1;

/** Lower case, NFKC (full-width → half-width), one space between words, punctuation kept as one mark per run. */
export function normaliseForIntent(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u200b-\u200d\ufeff]/g, "")
    .replace(/([!?.,;:~。，！？、…])\1+/gu, "$1")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 400);
}

/** FNV-1a over UTF-16 code units, seeded per feature kind so a word and the same-looking gram differ. */
function hash(text: string, seed: number): number {
  let h = (2166136261 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) & mask;
}

export type Features = { index: Int32Array; value: Float32Array };

const wordPattern = /[\p{L}\p{N}']+/gu;

/** Feature indices with log-scaled counts, L2-normalised so long and short messages weigh alike. */
export function featuresOf(text: string): Features {
  const normal = ` ${normaliseForIntent(text)} `;
  const counts = new Map<number, number>();
  const add = (key: number) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (let n = 1; n <= 4; n++) {
    for (let i = 0; i + n <= normal.length; i++) {
      const gram = normal.slice(i, i + n);
      if (gram === " ") continue;
      add(hash(gram, n));
    }
  }
  const words = normal.match(wordPattern) ?? [];
  for (let i = 0; i < words.length; i++) {
    add(hash(words[i]!, 11));
    if (i + 1 < words.length) add(hash(`${words[i]} ${words[i + 1]}`, 12));
  }
  // Very short messages ("hi", "谢谢", "agent") are a signal of their own.
  add(hash(words.length <= 1 ? "len:1" : words.length <= 3 ? "len:2-3" : "len:4+", 13));
  const index = new Int32Array(counts.size);
  const value = new Float32Array(counts.size);
  let norm = 0;
  let k = 0;
  for (const [key, count] of counts) {
    const weight = 1 + Math.log(count);
    index[k] = key;
    value[k] = weight;
    norm += weight * weight;
    k++;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < value.length; i++) value[i]! *= scale;
  return { index, value };
}
