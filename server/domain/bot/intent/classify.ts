import stored from "./model.json" with { type: "json" };
import { IntentModel, type IntentScores, type StoredModel } from "./model.ts";

/**
 * The visitor-intent classifier, trained by `npm run train:intents` from the examples in ./data and committed as
 * ./model.json. Loaded once on first use (a few milliseconds); each call costs a few microseconds, in process.
 */
let model: IntentModel | null = null;

export function intentModel(): IntentModel {
  model ??= IntentModel.fromStored(stored as StoredModel);
  return model;
}

/** The last answer: one bot turn asks about the same message several times (hand-off, small talk, embeddings). */
let last: { text: string; scores: IntentScores } | null = null;

export function classifyIntent(text: string): IntentScores {
  if (last?.text !== text) last = { text, scores: intentModel().classify(text) };
  return last.scores;
}
