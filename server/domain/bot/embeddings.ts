import type { Deps } from "../deps.ts";
import type { BotConfig } from "./bot-config.ts";
import type { FaqHit, KnowledgeIndex } from "./knowledge-index.ts";
import { endpointClient, type LlmEndpoint } from "./llm.ts";

/**
 * Optional help from the site's embeddings endpoint (bot settings' embeddingModel), for what the in-process models
 * missed: an FAQ asked in words neither index knows, a request for a human the intent model was unsure of. One call
 * per visitor message at most (the question); FAQ variants and the hand-off examples are embedded once per site
 * knowledge / endpoint and kept in memory. Any failure is logged and ignored: the bot goes on as without it.
 */
type Vectors = { texts: string[]; vectors: number[][] };

/** Requests for a human the question is compared with when the intent model is unsure. */
const handoffExamples = [
  "I want to talk to a person",
  "Can I speak to a human, please?",
  "Connect me with a customer service agent",
  "Is there a real person I can chat with?",
  "转人工",
  "我要找人工客服",
  "能帮我转接真人客服吗",
];

const faqVectors = new WeakMap<KnowledgeIndex, Map<string, Promise<Vectors | null>>>();
const handoffVectors = new Map<string, Promise<Vectors | null>>();

async function embed(deps: Deps, endpoint: LlmEndpoint, model: string, texts: string[], timeoutMs: number): Promise<number[][] | null> {
  if (texts.length === 0) return [];
  const client = endpointClient(endpoint, { allowPrivate: deps.allowPrivateLlm === true, timeoutMs });
  try {
    // Floats, not the SDK's default base64: not every OpenAI-compatible server (Ollama, vLLM) encodes base64.
    const response = await client.embeddings.create({ model, input: texts, encoding_format: "float" });
    const vectors = [...response.data].sort((a, b) => a.index - b.index).map((row) => row.embedding);
    return vectors.length === texts.length ? vectors : null;
  } catch (error) {
    deps.log.warn("embeddings call failed; matching without them", { error: String(error) });
    return null;
  }
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Cached per key; a failed attempt is forgotten so the next message tries again. */
function cached(cache: Map<string, Promise<Vectors | null>>, key: string, load: () => Promise<Vectors | null>) {
  let entry = cache.get(key);
  if (!entry) {
    entry = load();
    cache.set(key, entry);
    void entry.then((value) => value === null && cache.delete(key));
  }
  return entry;
}

export type EmbeddingMatch = { faq: FaqHit | null; asksForHuman: boolean };

/** Null when the site has no embeddings model or the endpoint failed. */
export async function matchByEmbeddings(
  deps: Deps,
  config: BotConfig,
  knowledge: KnowledgeIndex,
  input: { question: string; checkHandoff: boolean },
): Promise<EmbeddingMatch | null> {
  const { embeddingModel: model, embeddingThreshold: threshold, firstTokenTimeoutMs: timeoutMs } = config.settings;
  if (!model || !config.llm) return null;
  const endpoint = config.llm;
  const endpointKey = `${endpoint.baseUrl}|${model}`;
  const variants = knowledge.faqVariants();
  let perIndex = faqVectors.get(knowledge);
  if (!perIndex) {
    perIndex = new Map();
    faqVectors.set(knowledge, perIndex);
  }
  const load = (texts: string[]) => async () => {
    const vectors = await embed(deps, endpoint, model, texts, timeoutMs);
    return vectors ? { texts, vectors } : null;
  };
  const [question, faqs, handoff] = await Promise.all([
    embed(deps, endpoint, model, [input.question], timeoutMs),
    cached(perIndex, endpointKey, load(variants.map((variant) => variant.question))),
    input.checkHandoff ? cached(handoffVectors, endpointKey, load(handoffExamples)) : Promise.resolve(null),
  ]);
  const asked = question?.[0];
  if (!asked) return null;
  const asksForHuman = !!handoff?.vectors.some((vector) => cosine(asked, vector) >= threshold);
  let best: { index: number; score: number } | null = null;
  faqs?.vectors.forEach((vector, index) => {
    const score = cosine(asked, vector);
    if (score >= threshold && (!best || score > best.score)) best = { index, score };
  });
  const found = best as { index: number; score: number } | null;
  const faq = found ? knowledge.faqHit(variants[found.index]!.faqId, variants[found.index]!.variant, found.score) : null;
  return { faq, asksForHuman };
}
