// Bot retrieval benchmark: building a site's index (jieba segmentation + MiniSearch BM25+) and answering questions,
// English and Chinese, in process. Writes bench/results/bot-retrieval.json. Needs nothing but the code.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KnowledgeIndex, type DocumentEntry, type FaqEntry } from "../server/domain/bot/knowledge-index.ts";
import { latencySummary } from "./support/stats.ts";

const faqCount = Number(process.env.BENCH_FAQS ?? 1000);
const documentCount = Number(process.env.BENCH_DOCUMENTS ?? 100);
const queryCount = Number(process.env.BENCH_QUERIES ?? 2000);

// A deterministic generator, so every run indexes the same text.
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
const english =
  "order refund return shipping delivery invoice account password kettle warranty repair discount coupon size colour address payment card store opening hours gift track parcel cancel exchange battery charger cable".split(
    " ",
  );
const chinese =
  "订单 退款 退货 发货 快递 发票 账号 密码 水壶 保修 维修 优惠 优惠券 尺码 颜色 地址 支付 银行卡 门店 营业 时间 礼品 物流 包裹 取消 换货 电池 充电器".split(
    " ",
  );
const sentence = (words: readonly string[], length: number, joiner: string) => Array.from({ length }, () => pick(words)).join(joiner);

const faqs: FaqEntry[] = Array.from({ length: faqCount }, (_, i) => ({
  id: `faq${i}`,
  questions: [`how do I ${sentence(english, 4, " ")}?`, `what about ${sentence(english, 3, " ")}`, `请问${sentence(chinese, 3, "")}怎么办`],
  answer: sentence(english, 20, " "),
}));
const documents: DocumentEntry[] = Array.from({ length: documentCount }, (_, i) => ({
  id: `doc${i}`,
  title: `Guide ${i}`,
  body: Array.from({ length: 12 }, (_, p) => `## Part ${p}\n\n${sentence(english, 40, " ")}. ${sentence(chinese, 30, "")}。`).join("\n\n"),
}));
const characters = documents.reduce((sum, document) => sum + document.body.length, 0);

const buildStarted = performance.now();
const index = new KnowledgeIndex(faqs, documents);
const buildMs = performance.now() - buildStarted;

const englishMs: number[] = [];
const chineseMs: number[] = [];
for (let i = 0; i < queryCount; i++) {
  const isChinese = i % 2 === 1;
  const question = isChinese ? `${sentence(chinese, 3, "")}怎么弄？` : `can you help with ${sentence(english, 3, " ")}`;
  const started = performance.now();
  index.search(question);
  (isChinese ? chineseMs : englishMs).push(performance.now() - started);
}

const result = {
  at: new Date().toISOString(),
  corpus: { faqs: faqCount, variants: faqCount * 3, documents: documentCount, characters, chunks: index.size.chunks },
  buildMs: Math.round(buildMs),
  searchMs: { english: latencySummary(englishMs), chinese: latencySummary(chineseMs) },
};
mkdirSync(join(import.meta.dirname, "results"), { recursive: true });
writeFileSync(join(import.meta.dirname, "results", "bot-retrieval.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
