// `npm run train:intents`: trains the visitor-intent model (multinomial logistic regression over hashed character
// n-grams, plain SGD) from server/domain/bot/intent/data/train.tsv into server/domain/bot/intent/model.json, then
// prints its accuracy on the held-out set (tests/fixtures/bot/intent-heldout.tsv), which it never trains on.
// Deterministic: the same data gives the same model. Takes a few seconds.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { featuresOf, intents, type Features } from "../server/domain/bot/intent/features.ts";
import { IntentModel } from "../server/domain/bot/intent/model.ts";
import { readExamples, scoreIntents } from "../server/domain/bot/intent/examples.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const train = readExamples(readFileSync(join(root, "server/domain/bot/intent/data/train.tsv"), "utf8"));
const heldOut = readExamples(readFileSync(join(root, "tests/fixtures/bot/intent-heldout.tsv"), "utf8"));

const epochs = 40;
const learningRate = 0.8;
const l2 = 1e-5;
let seed = 7;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

const model = IntentModel.empty();
const classes = intents.length;
const samples: { features: Features; label: number; weight: number }[] = train.map((example) => ({
  features: featuresOf(example.text),
  label: intents.indexOf(example.intent),
  weight: 1,
}));
// Each intent weighs the same in total, so the small "other" set is not drowned by questions.
const perIntent = intents.map((_, c) => samples.filter((sample) => sample.label === c).length);
for (const sample of samples) sample.weight = samples.length / (classes * perIntent[sample.label]!);

const p = new Float64Array(classes);
const started = performance.now();
for (let epoch = 0; epoch < epochs; epoch++) {
  for (let i = samples.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [samples[i], samples[j]] = [samples[j]!, samples[i]!];
  }
  const rate = learningRate / (1 + epoch * 0.15);
  let loss = 0;
  for (const sample of samples) {
    model.probabilities(sample.features, p);
    loss -= Math.log(Math.max(p[sample.label]!, 1e-12)) * sample.weight;
    for (let c = 0; c < classes; c++) {
      const gradient = (p[c]! - (c === sample.label ? 1 : 0)) * sample.weight;
      model.biases[c]! -= rate * gradient * 0.1;
      for (let k = 0; k < sample.features.index.length; k++) {
        const at = sample.features.index[k]! * classes + c;
        model.weights[at] = model.weights[at]! * (1 - rate * l2) - rate * gradient * sample.features.value[k]!;
      }
    }
  }
  if (epoch % 10 === 9 || epoch === epochs - 1) console.log(`epoch ${epoch + 1}: loss ${(loss / samples.length).toFixed(4)}`);
}
const stored = model.toStored({ trainedAt: new Date().toISOString().slice(0, 10), examples: train.length });
const modelFile = join(root, "server/domain/bot/intent/model.json");
writeFileSync(modelFile, `${JSON.stringify(stored)}\n`);
const reloaded = IntentModel.fromStored(stored);
console.log(
  `trained on ${train.length} examples in ${((performance.now() - started) / 1000).toFixed(1)} s → ${modelFile.replace(`${root}/`, "")} (${(JSON.stringify(stored).length / 1024).toFixed(0)} KB)`,
);
console.log(
  "held-out:",
  JSON.stringify(
    scoreIntents((text) => reloaded.classify(text).intent, heldOut),
    null,
    1,
  ),
);
const misses = heldOut.filter((example) => reloaded.classify(example.text).intent !== example.intent);
for (const miss of misses.slice(0, 40))
  console.log(`  miss ${miss.lang} ${miss.intent} → ${reloaded.classify(miss.text).intent}: ${miss.text}`);
