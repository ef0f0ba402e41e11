import { intents, type Intent } from "./features.ts";

export type IntentExample = { intent: Intent; lang: "en" | "zh"; text: string };

/** Reads an examples TSV (intent, lang, text; a header line). Unknown intents fail loudly: a typo would skew training. */
export function readExamples(tsv: string): IntentExample[] {
  return tsv
    .split("\n")
    .slice(1)
    .filter((line) => line.trim())
    .map((line, index) => {
      const [intent, lang, ...rest] = line.split("\t");
      if (!(intents as readonly string[]).includes(intent!) || (lang !== "en" && lang !== "zh")) {
        throw new Error(`examples line ${index + 2}: unknown intent or language: ${line}`);
      }
      return { intent: intent as Intent, lang, text: rest.join("\t") };
    });
}

export type IntentScore = {
  examples: number;
  accuracy: number;
  /** Of the messages that ask for a human, the share recognised as such (what the goal measures). */
  handoffRecall: number;
  /** Of the messages recognised as hand-off, the share that asked for one (a wrong hand-off costs an agent's time). */
  handoffPrecision: number;
  /** Accuracy of the hand-off decision alone: hand-off or not, right or wrong. */
  handoffAccuracy: number;
};

export function scoreIntents(classify: (text: string) => Intent, examples: IntentExample[]): Record<string, IntentScore> {
  const byLang: Record<string, IntentScore> = {};
  for (const lang of ["en", "zh"] as const) {
    const set = examples.filter((example) => example.lang === lang);
    let right = 0;
    let handoffRight = 0;
    let asked = 0;
    let found = 0;
    let predicted = 0;
    for (const example of set) {
      const intent = classify(example.text);
      if (intent === example.intent) right++;
      if ((intent === "handoff") === (example.intent === "handoff")) handoffRight++;
      if (example.intent === "handoff") asked++;
      if (intent === "handoff") predicted++;
      if (intent === "handoff" && example.intent === "handoff") found++;
    }
    const share = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 1000) / 1000);
    byLang[lang] = {
      examples: set.length,
      accuracy: share(right, set.length),
      handoffRecall: share(found, asked),
      handoffPrecision: share(found, predicted),
      handoffAccuracy: share(handoffRight, set.length),
    };
  }
  return byLang;
}
