import { Jieba } from "@node-rs/jieba";
// The package has no exports map: plain Node ESM needs the file name.
import { dict } from "@node-rs/jieba/dict.js";

/**
 * Terms for retrieval, the same for indexing and for questions: lower-cased, NFKC-normalised words; text with Han
 * characters is segmented by jieba (search mode, so 退货政策 also yields 退货), other scripts split on non-letters.
 * Stop words go, so "how do I" does not make every entry look relevant.
 */
const stopWords = new Set(
  (
    "a an the is are was were be been to of and or in on at for with my me i you your we our us it its this that " +
    "do does did how what when where which who can could would should will please hi hello hey there just want need " +
    "about from by as so if im i'm get any some have has " +
    "的 了 吗 呢 吧 啊 呀 我 你 您 我们 你们 是 在 有 和 想 要 怎么 怎样 如何 什么 请问 请 一下 可以 能 么 吗 这 那 个"
  ).split(" "),
);

const han = /\p{Script=Han}/u;
const wordChar = /[\p{L}\p{N}]/u;
let jieba: Jieba | null = null;

export function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

export function tokenize(text: string): string[] {
  const normal = text.normalize("NFKC").toLowerCase();
  const words = han.test(normal) ? segmenter().cutForSearch(normal, true) : normal.split(/[^\p{L}\p{N}']+/u);
  return words.map((word) => word.trim()).filter((word) => wordChar.test(word) && !stopWords.has(word));
}
