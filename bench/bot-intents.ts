// Bot understanding benchmark: the intent model's accuracy on the held-out phrasings (tests/fixtures/bot/
// intent-heldout.tsv, never trained on) and FAQ paraphrase recall (tests/fixtures/bot/faq-paraphrases.json), per
// language, plus the time to load the model and to classify / match one message. Writes bench/results/bot-intents.json.
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { botSettingsOf } from "../server/domain/bot/bot-settings.ts";
import { measureFaqRecall, type ParaphraseSet } from "../server/domain/bot/faq-recall.ts";
import { asksForHuman } from "../server/domain/bot/handoff.ts";
import { readExamples, scoreIntents } from "../server/domain/bot/intent/examples.ts";
import { IntentModel, type StoredModel } from "../server/domain/bot/intent/model.ts";
import { KnowledgeIndex } from "../server/domain/bot/knowledge-index.ts";
import { latencySummary } from "./support/stats.ts";

const root = join(import.meta.dirname, "..");
const modelText = readFileSync(join(root, "server/domain/bot/intent/model.json"), "utf8");
const stored = JSON.parse(modelText) as StoredModel;
// Parse + decode, as a process does on first use; the first run includes the JIT warming up.
const loadMs: number[] = [];
let model!: IntentModel;
for (let i = 0; i < 5; i++) {
  const started = performance.now();
  model = IntentModel.fromStored(JSON.parse(modelText) as StoredModel);
  loadMs.push(performance.now() - started);
}

const heldOut = readExamples(readFileSync(join(root, "tests/fixtures/bot/intent-heldout.tsv"), "utf8"));
const intents = scoreIntents((text) => model.classify(text).intent, heldOut);
// The hand-off decision as the bot makes it (the model, plus the word list for languages it was not trained on).
const handoffDecision = scoreIntents((text) => (asksForHuman(text) ? "handoff" : "other"), heldOut);

const threshold = botSettingsOf(null).faqThreshold;
const paraphrases = JSON.parse(readFileSync(join(root, "tests/fixtures/bot/faq-paraphrases.json"), "utf8")) as Record<
  "en" | "zh",
  ParaphraseSet
>;
const faq = { en: measureFaqRecall(paraphrases.en, threshold), zh: measureFaqRecall(paraphrases.zh, threshold) };

// Time per call, measured over the held-out messages many times over (after a warm-up pass).
const texts = heldOut.map((example) => example.text);
const rounds = Number(process.env.BENCH_ROUNDS ?? 50);
for (const text of texts) model.classify(text);
const classifyUs: number[] = [];
for (let round = 0; round < rounds; round++) {
  const started = performance.now();
  for (const text of texts) model.classify(text);
  classifyUs.push(((performance.now() - started) * 1000) / texts.length);
}
const index = { en: new KnowledgeIndex(paraphrases.en.faqs, []), zh: new KnowledgeIndex(paraphrases.zh.faqs, []) };
const faqMs: number[] = [];
for (let round = 0; round < 10; round++) {
  for (const lang of ["en", "zh"] as const) {
    for (const [, question] of paraphrases[lang].paraphrases) {
      const started = performance.now();
      index[lang].search(question);
      faqMs.push(performance.now() - started);
    }
  }
}

const result = {
  at: new Date().toISOString(),
  model: {
    examples: stored.examples,
    trainedAt: stored.trainedAt,
    bytes: JSON.stringify(stored).length,
    loadMs: { first: Math.round(loadMs[0]! * 10) / 10, ...latencySummary(loadMs) },
  },
  heldOutIntents: intents,
  heldOutHandoffDecision: Object.fromEntries(
    Object.entries(handoffDecision).map(([lang, score]) => [
      lang,
      { accuracy: score.handoffAccuracy, recall: score.handoffRecall, precision: score.handoffPrecision },
    ]),
  ),
  faqParaphrases: { threshold, ...faq },
  classifyMicroseconds: latencySummary(classifyUs),
  faqSearchMs: latencySummary(faqMs),
};
mkdirSync(join(import.meta.dirname, "results"), { recursive: true });
writeFileSync(join(import.meta.dirname, "results", "bot-intents.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
