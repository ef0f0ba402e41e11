// Writes the intent classifier's example sets from the phrasings below: server/domain/bot/intent/data/train.tsv
// (what `npm run train:intents` learns from) and tests/fixtures/bot/intent-heldout.tsv (what the bench and tests
// measure on, never trained on). Run: `node --import tsx scripts/intent-corpus.ts`. Deterministic (seeded).
//
// The held-out set is built from phrasings the training set never sees: every fourth core phrasing of each intent,
// with framings (greetings, fillers, punctuation) of its own, plus the hand-written lines at the end. So the figure
// measures how the model generalises to a new way of asking, not how well it remembers.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Intent } from "../server/domain/bot/intent/features.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
let seed = 20261203;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (p: number) => random() < p;

type Lang = "en" | "zh";
type Pool = { cores: string[]; prefixes: string[]; suffixes: string[] };

// ---------------------------------------------------------------- English
const enGreetPrefix = [
  "",
  "",
  "",
  "hi, ",
  "hello ",
  "hey ",
  "hi there, ",
  "good morning, ",
  "hey, quick question: ",
  "excuse me, ",
  "sorry, ",
];
const enHandoff: Pool = {
  cores: [
    "I want to talk to a person",
    "can I speak to a human",
    "let me talk to someone",
    "connect me to an agent",
    "get me a real person",
    "is there a human I can talk to",
    "I need to speak with someone from support",
    "transfer me to customer service",
    "put me through to a representative",
    "can a real person help me",
    "I'd like to chat with a live agent",
    "I want to talk to your staff",
    "human please",
    "agent",
    "representative",
    "operator please",
    "I want to speak to a manager",
    "I want a human not a bot",
    "are you a bot? I want a real person",
    "stop, just get me someone",
    "can someone from your team help me",
    "I need human help",
    "let me chat with your support staff",
    "can I talk to customer support",
    "is a real person available",
    "I don't want to talk to a robot",
    "escalate this to a human",
    "live person please",
    "real human please",
    "can I get a human on the line",
    "pass me to one of your colleagues",
    "I need a supervisor",
    "talk to someone",
    "speak to a person",
    "I need to talk to somebody",
    "connect me with a real agent",
    "can I talk with a live person",
    "get me an actual human",
    "I'd rather talk to a person",
    "you're useless, give me a human",
    "this bot doesn't understand, let me talk to a person",
    "can you connect me to a support agent",
    "I want to chat with a real person",
    "is anybody real there",
    "need to speak with a human being",
    "put a human on",
    "can I have someone call me",
    "I want to talk to a customer service rep",
    "please let me speak to your team",
    "can I speak to someone in charge",
    "live agent",
    "talk to human",
    "could you transfer me to a person",
    "I want customer service",
    "get me support",
    "a person please",
    "I need someone to look at my account personally",
    "can a staff member reply",
    "hand me over to a human",
    "not a bot please",
    "speak with an advisor",
    "I'd like to speak with an operator",
    "is there anyone I can actually talk to",
    "i want to talk to a real human right now",
    "bring a person into this chat",
  ],
  prefixes: [
    "",
    "",
    "",
    "hi, ",
    "hello, ",
    "ok ",
    "please ",
    "sorry but ",
    "honestly ",
    "look, ",
    "ugh ",
    "this isn't helping. ",
    "no. ",
    "that doesn't answer my question. ",
  ],
  suffixes: ["", "", "", " please", " now", " asap", ".", "!", "?", " thanks", " right now", " i'm tired of this bot", " pls", "!!"],
};
const enGreeting: Pool = {
  cores: [
    "hi",
    "hello",
    "hey",
    "hey there",
    "good morning",
    "hiya",
    "yo",
    "hi there",
    "hello?",
    "anyone there?",
    "hey how are you",
    "good evening",
    "good afternoon",
    "hallo",
    "helo",
    "hii",
    "heyyy",
    "morning",
    "greetings",
    "hello there",
    "hi, how are you",
    "howdy",
    "hi team",
    "hello, is this chat working?",
    "hey hey",
    "hi!",
    "hello hello",
    "sup",
    "hi bot",
    "hi, anybody here?",
    "good day",
    "hey, you there?",
    "hellooo",
    "hi again",
    "hello, I have a question",
    "hi, can you help me?",
    "hey, can I ask something?",
    "hi, quick question",
    "evening",
    "hey folks",
  ],
  prefixes: ["", "", "", "oh ", "um ", "well "],
  suffixes: ["", "", "!", ".", " :)", " 👋", "?", "!!"],
};
const enThanks: Pool = {
  cores: [
    "thanks",
    "thank you",
    "thx",
    "ty",
    "thanks a lot",
    "that helped",
    "great, thanks",
    "perfect, thank you",
    "cheers",
    "appreciate it",
    "thanks, that's all",
    "awesome thanks",
    "ok thanks bye",
    "thank you so much",
    "many thanks",
    "tysm",
    "thanks for the help",
    "got it, thanks",
    "brilliant, cheers",
    "that's exactly what I needed, thanks",
    "thanks a bunch",
    "much appreciated",
    "ok great thank you",
    "super helpful, thanks",
    "thank u",
    "thanks!!",
    "nice one, thanks",
    "alright, thank you",
    "thanks, have a nice day",
    "cool thanks",
    "thanks, bye",
    "that solved it, thank you",
    "ok, thank you very much",
    "great help, thanks",
    "thanks mate",
    "that's all I needed, cheers",
    "wonderful, thanks",
    "thank you kindly",
    "thanks for your time",
    "you've been very helpful",
  ],
  prefixes: ["", "", "", "ok ", "oh ", "great ", "perfect, "],
  suffixes: ["", "", "!", ".", " :)", " 🙏", "!!"],
};
const enTopics = [
  ["get a refund", "refund"],
  ["return an item", "returns"],
  ["track my order", "order tracking"],
  ["reset my password", "password"],
  ["cancel my order", "cancellation"],
  ["change my delivery address", "delivery address"],
  ["pay with PayPal", "payment methods"],
  ["get an invoice", "invoices"],
  ["claim the warranty", "warranty"],
  ["use a discount code", "discount codes"],
  ["exchange a size", "exchanges"],
  ["delete my account", "account deletion"],
  ["cancel my subscription", "subscriptions"],
  ["ship to Canada", "international shipping"],
  ["change my email", "account email"],
  ["find my order number", "order number"],
  ["get free shipping", "shipping costs"],
  ["update my card", "billing"],
  ["pick up in store", "store pickup"],
  ["gift wrap an order", "gift wrapping"],
] as const;
const enQuestionFrames = [
  "how do I {a}?",
  "how can I {a}?",
  "can I {a}?",
  "is it possible to {a}?",
  "what do I need to do to {a}?",
  "I want to {a}, what should I do?",
  "where can I {a}?",
  "help me {a}",
  "I'd like to {a}",
  "how to {a}",
  "what's your policy on {t}?",
  "tell me about {t}",
  "question about {t}",
  "do you have info on {t}?",
  "how does {t} work?",
  "I need help with {t}",
  "what are the rules for {t}?",
  "can you explain {t}?",
  "any news on {t}?",
  "is there a fee for {t}?",
];
const enQuestionExtra = [
  "where is my order?",
  "when will my package arrive?",
  "how long does delivery take?",
  "what are your opening hours?",
  "do you ship internationally?",
  "how much is shipping?",
  "my parcel hasn't arrived yet, what can I do?",
  "why was my card declined?",
  "is this item in stock?",
  "do you have this in blue?",
  "what sizes do you have?",
  "how long is the warranty?",
  "can a person return an opened item?",
  "is the human-sized tent still available?",
  "how many people can the large tent fit?",
  "does the agent version of the software cost extra?",
  "can someone else pick up my order for me?",
  "who do I contact about a damaged item?",
  "what time do you close today?",
  "where is your store?",
  "do you price match?",
  "my discount code doesn't work, why?",
  "how do I contact your sales team by email?",
  "are your products vegan?",
  "can I change the size after ordering?",
  "what payment methods do you accept?",
  "i was charged twice, how do i get my money back?",
  "do you offer student discounts?",
  "is there a phone number I can call?",
  "what is your return window?",
  "when does the sale end?",
  "can i order by phone?",
  "how do I become a reseller?",
  "does this come with a charger?",
  "is it compatible with iPhone?",
  "in person pickup?",
  "can I pay in person?",
  "is in-person pickup possible?",
  "what does a person need to bring to collect an order?",
  "how do you handle my personal data?",
  "is the price per person?",
  "can I talk about my order here?",
  "how do I talk to your sales team?",
  "who is my account manager?",
  "can a human hair wig be washed?",
  "is the agent fee included?",
  "do you have real leather?",
  "how many people work on support?",
  "can someone else use my account?",
  "what does live chat cost on the pro plan?",
  "is there a real person option in the app?",
  "do your operators work on weekends?",
  "what are your customer service hours?",
];
const enOther = [
  "ok",
  "okay",
  "hmm",
  "asdfgh",
  "my order number is 48213",
  "yes",
  "no",
  "the blue one",
  "lol",
  "I'm just browsing",
  "wait",
  "my email is anna@example.com",
  "never mind",
  "sure",
  "k",
  "fine",
  "yes please",
  "no thanks",
  "maybe later",
  "hold on",
  "one sec",
  "brb",
  "the second one",
  "it's 12 Elm Street",
  "order #A-7731",
  "that's not what I asked",
  "what?",
  "huh",
  "I see",
  "right",
  "cool",
  "interesting",
  "nope",
  "yep",
  "123456",
  "test",
  "testing 1 2 3",
  "🙂",
  "👍",
  "...",
  "??",
  "my name is John",
  "I bought it last week",
  "it was a gift",
  "the package was wet",
  "I'm in Berlin",
  "same as before",
  "let me check",
  "found it",
  "nothing",
  "I talked to a person yesterday and they said it ships today",
  "my agent code is 7781",
  "my manager asked me to order this",
  "the delivery person left it at the door",
  "haha ok",
  "I will think about it",
  "ok one moment",
  "let me check",
  "let me see",
  "give me a minute",
  "wait a second",
  "let me think",
  "let me find my order number",
  "one moment please",
  "just a moment",
  "ok wait",
  "hang on a sec",
  "let me look",
  "let me ask my wife",
  "got it",
  "alright",
  "understood",
  "ok cool",
  "that's it",
  "no worries",
  "whatever",
  "oh no",
  "oops",
  "sorry wrong chat",
  "I typed that wrong",
  "it says error 500",
  "the screen is blank",
  "my son ordered it",
  "it arrived today",
  "the box is open",
  "I paid by card",
  "someone told me it's free",
  "a person at the store said so",
  "my colleague will reply",
  "the human resources team",
];
const enMixedHandoff = [
  "can I talk to 人工",
  "转人工 please",
  "I want 真人客服",
  "human 客服 please",
  "给我转 agent",
  "real person 谢谢",
  "找个 human",
];
const enMixedQuestion = ["how do I 退款?", "refund 怎么弄", "can I 退货?", "我的 order 在哪里", "shipping 要多久", "how to 开发票"];

// ---------------------------------------------------------------- Chinese
const zhHandoff: Pool = {
  cores: [
    "转人工",
    "人工客服",
    "我要找人工",
    "找真人",
    "帮我转接客服",
    "有没有人工",
    "我想和客服人员说话",
    "让真人来回答",
    "叫你们客服出来",
    "我不要机器人",
    "能不能转人工",
    "人工服务",
    "接人工",
    "换个人来",
    "你是机器人吗 我要真人",
    "麻烦转一下人工",
    "找个活人",
    "请安排客服联系我",
    "转接人工坐席",
    "我要跟人说话",
    "人工人工人工",
    "呼叫人工",
    "我想找真人客服",
    "可以转人工吗",
    "真人在吗",
    "我要人工",
    "请帮我转人工服务",
    "客服在哪里 我要找人",
    "不想跟机器人聊",
    "给我找个客服",
    "让你们工作人员来",
    "我要投诉 找你们负责人",
    "能让人工客服来处理吗",
    "请转接人工客服",
    "需要人工帮忙",
    "我想跟客服聊聊",
    "机器人听不懂 转人工",
    "叫个人来",
    "联系人工",
    "有真人吗",
    "我要和你们的员工说话",
    "转到人工",
    "找你们经理",
    "请人工客服回复",
    "我要找客服专员",
    "把我转给人工",
    "能不能找个人帮我看看",
    "人工呢",
    "要人工",
    "真人客服",
    "让人来跟我说",
    "能和真人对话吗",
    "你们人工客服在吗",
    "转人工谢谢",
    "我需要人工处理",
  ],
  prefixes: ["", "", "", "你好，", "您好 ", "喂 ", "算了 ", "不对，", "别回答了，", "麻烦", "请", "烦死了 "],
  suffixes: ["", "", "", "！", "。", "？", "吧", "啊", "呀", " 快点", " 谢谢", "！！", " 急"],
};
const zhGreeting: Pool = {
  cores: [
    "你好",
    "您好",
    "在吗",
    "嗨",
    "哈喽",
    "早上好",
    "晚上好",
    "有人吗",
    "你好呀",
    "hello你好",
    "亲在吗",
    "在不在",
    "下午好",
    "你好在吗",
    "哈罗",
    "嗨喽",
    "您好，在吗",
    "亲",
    "在么",
    "你好 请问在吗",
    "中午好",
    "早",
    "hi 你好",
    "你们好",
    "哈喽哈喽",
    "嘿",
    "喂",
    "有人在吗",
    "你好，我有个问题",
    "您好，可以问一下吗",
    "在吗在吗",
    "晚上好呀",
    "哈喽 亲",
    "你好，能帮我吗",
  ],
  prefixes: ["", "", "", "嗯 ", "那个 "],
  suffixes: ["", "", "！", "。", "？", "~", " 😊", "呀"],
};
const zhThanks: Pool = {
  cores: [
    "谢谢",
    "多谢",
    "谢谢你",
    "感谢",
    "好的谢谢",
    "明白了谢谢",
    "太好了谢谢",
    "3q",
    "谢啦",
    "辛苦了",
    "非常感谢",
    "谢谢亲",
    "好的 麻烦了",
    "谢谢您的帮助",
    "懂了 谢谢",
    "解决了 谢谢",
    "好嘞 谢谢",
    "感谢感谢",
    "谢谢啦",
    "ok 谢谢",
    "收到 谢谢",
    "好的 没问题了 谢谢",
    "多谢多谢",
    "谢谢 再见",
    "十分感谢",
    "谢了",
    "好的好的 谢谢",
    "可以了 谢谢你",
    "谢谢客服",
    "thx",
  ],
  prefixes: ["", "", "", "好的 ", "嗯嗯 ", "哦 "],
  suffixes: ["", "", "！", "。", "~", " 🙏", "哈"],
};
const zhTopics = [
  ["退款", "退款"],
  ["退货", "退货"],
  ["查物流", "物流"],
  ["重置密码", "密码"],
  ["取消订单", "取消订单"],
  ["修改收货地址", "收货地址"],
  ["用支付宝付款", "支付方式"],
  ["开发票", "发票"],
  ["申请保修", "保修"],
  ["用优惠券", "优惠券"],
  ["换尺码", "换货"],
  ["注销账号", "账号注销"],
  ["取消自动续费", "会员续费"],
  ["寄到国外", "国际运费"],
  ["修改手机号", "绑定手机"],
  ["查订单号", "订单号"],
  ["包邮", "运费"],
  ["换绑银行卡", "银行卡"],
  ["到店自提", "门店自提"],
  ["礼品包装", "礼品包装"],
] as const;
const zhQuestionFrames = [
  "怎么{a}？",
  "如何{a}",
  "可以{a}吗？",
  "能{a}吗",
  "我想{a}，应该怎么办？",
  "{a}怎么弄",
  "在哪里{a}？",
  "请问怎么{a}",
  "我要{a}",
  "{a}的流程是什么",
  "关于{t}的规定是什么？",
  "{t}怎么算",
  "想问下{t}",
  "{t}有什么要求吗",
  "{t}要多久",
  "{t}需要手续费吗",
  "{t}的问题",
  "我想了解一下{t}",
  "{t}是怎么处理的",
  "帮我看看{t}",
];
const zhQuestionExtra = [
  "我的快递到哪了",
  "多久能到货",
  "运费多少钱",
  "你们几点营业",
  "门店在哪里",
  "这个有货吗",
  "有蓝色的吗",
  "尺码怎么选",
  "保修多久",
  "人工费怎么算",
  "安装需要人工费吗",
  "人工智能功能怎么开",
  "这款有人工智能语音吗",
  "人多的时候要排队多久",
  "能帮别人代收吗",
  "货坏了找谁",
  "几点下班",
  "可以开专票吗",
  "为什么付款失败",
  "优惠码用不了怎么回事",
  "支持花呗吗",
  "被扣了两次钱 怎么退回来",
  "学生有折扣吗",
  "客服电话是多少",
  "退货期限是几天",
  "活动什么时候结束",
  "能电话下单吗",
  "怎么成为代理商",
  "带充电器吗",
  "兼容苹果手机吗",
  "发什么快递",
  "可以指定快递吗",
  "怎么联系你们的销售",
  "有实体店吗",
  "人工费多少钱",
  "人工安装要加钱吗",
  "人工成本怎么算",
  "人工智能怎么用",
  "手工做的吗",
  "客服工作时间是几点",
  "客服周末上班吗",
  "这个是真皮吗",
  "一个人能用几个账号",
  "可以找人代付吗",
  "几个人可以用",
  "会员是按人收费吗",
  "真人认证怎么弄",
  "人脸识别失败怎么办",
];
const zhOther = [
  "好的",
  "嗯",
  "哦",
  "订单号是20261203",
  "是的",
  "不是",
  "算了",
  "哈哈",
  "等一下",
  "我看看",
  "随便看看",
  "嗯嗯",
  "ok",
  "行",
  "可以",
  "不用了",
  "稍等",
  "好吧",
  "知道了",
  "啥",
  "什么？",
  "额",
  "1",
  "。。。",
  "？？",
  "我叫小王",
  "上周买的",
  "送人的",
  "包装破了",
  "我在上海",
  "跟之前一样",
  "我查一下",
  "找到了",
  "没事",
  "昨天跟人工聊过了 说今天发货",
  "快递员放门口了",
  "我的经理让我买的",
  "哈哈好的",
  "我再想想",
  "地址是北京市朝阳区",
  "手机号13800000000",
  "蓝色那个",
  "第二个",
  "不对",
  "嗯哼",
  "哇",
  "好滴",
  "收到",
  "晚点再说",
  "等一下哈",
  "我看一下",
  "稍等一下",
  "让我想想",
  "我找找订单号",
  "等会",
  "马上",
  "我问问我老公",
  "明白",
  "行吧",
  "随便",
  "哎呀",
  "发错了",
  "打错字了",
  "显示错误500",
  "页面是空白的",
  "我儿子下的单",
  "今天到了",
  "盒子开了",
  "用卡付的",
  "有人说是免费的",
  "店里的人说的",
  "我同事会回复",
  "人事部门",
];
const zhMixedHandoff = ["我要human", "转agent", "找real person", "人工 please", "我要 live agent", "human客服"];
const zhMixedQuestion = ["refund怎么弄", "怎么track我的订单", "可以return吗", "invoice怎么开", "shipping要几天"];

// ---------------------------------------------------------------- noise
const keyboardNeighbours: Record<string, string> = {
  a: "s",
  e: "r",
  i: "o",
  o: "p",
  n: "m",
  t: "y",
  r: "e",
  s: "a",
  u: "y",
  l: "k",
  h: "j",
  p: "o",
};
function typo(word: string): string {
  if (word.length < 4 || !/^[a-z]+$/i.test(word)) return word;
  const at = 1 + Math.floor(random() * (word.length - 2));
  const kind = Math.floor(random() * 4);
  if (kind === 0) return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  if (kind === 1) return word.slice(0, at) + word.slice(at + 1);
  if (kind === 2) return word.slice(0, at) + word[at] + word.slice(at);
  return word.slice(0, at) + (keyboardNeighbours[word[at]!.toLowerCase()] ?? word[at]) + word.slice(at + 1);
}
function englishNoise(text: string): string {
  let out = text;
  if (chance(0.3))
    out = out
      .split(" ")
      .map((word) => (chance(0.35) ? typo(word) : word))
      .join(" ");
  if (chance(0.4)) out = out.toLowerCase();
  if (chance(0.2)) out = out.replace(/[?.!,]/g, "");
  if (chance(0.05)) out = out.toUpperCase();
  return out.replace(/\s+/g, " ").trim();
}
const zhHomophones: [string, string][] = [
  ["人工", "人公"],
  ["客服", "刻服"],
  ["退款", "退宽"],
  ["怎么", "咋"],
  ["怎么", "怎莫"],
  ["在吗", "在嘛"],
  ["谢谢", "xiexie"],
  ["真人", "针人"],
  ["什么", "啥"],
  ["可以", "可已"],
  ["吗", "嘛"],
  ["转", "专"],
  ["快递", "快第"],
  ["你好", "泥好"],
];
function chineseNoise(text: string): string {
  let out = text;
  if (chance(0.25)) {
    const [from, to] = pick(zhHomophones);
    out = out.replace(from, to);
  }
  if (chance(0.3)) out = out.replace(/[，。？！,.?!]/g, (mark) => pick([mark, "", " ", mark === "？" ? "?" : mark]));
  return out.replace(/\s+/g, " ").trim();
}
const noise = (lang: Lang, text: string) => (lang === "en" ? englishNoise(text) : chineseNoise(text));

// ---------------------------------------------------------------- assembly
type Example = { intent: Intent; lang: Lang; text: string };
const train: Example[] = [];
const heldOut: Example[] = [];
const isHeldOutCore = (index: number) => index % 4 === 3;

function fromPool(intent: Intent, lang: Lang, pool: Pool, perCore: number) {
  pool.cores.forEach((core, index) => {
    const target = isHeldOutCore(index) ? heldOut : train;
    const count = isHeldOutCore(index) ? Math.max(2, Math.round(perCore / 2)) : perCore;
    // The bare phrasing first, then framed and noisy variants.
    target.push({ intent, lang, text: core });
    for (let i = 1; i < count; i++) target.push({ intent, lang, text: noise(lang, `${pick(pool.prefixes)}${core}${pick(pool.suffixes)}`) });
  });
}

function questions(
  lang: Lang,
  topics: readonly (readonly [string, string])[],
  frames: string[],
  extra: string[],
  prefixes: string[],
  count: number,
) {
  frames.forEach((frame, frameIndex) => {
    for (let i = 0; i < count; i++) {
      const [action, topic] = pick(topics);
      const text = `${pick(prefixes)}${frame.replace("{a}", action).replace("{t}", topic)}`;
      (isHeldOutCore(frameIndex) ? heldOut : train).push({ intent: "question", lang, text: noise(lang, text) });
    }
  });
  extra.forEach((text, index) => {
    const target = isHeldOutCore(index) ? heldOut : train;
    target.push({ intent: "question", lang, text });
    target.push({ intent: "question", lang, text: noise(lang, `${pick(prefixes)}${text}`) });
  });
}

function plain(intent: Intent, lang: Lang, lines: string[], copies = 2) {
  lines.forEach((text, index) => {
    const target = isHeldOutCore(index) ? heldOut : train;
    target.push({ intent, lang, text });
    for (let i = 1; i < copies; i++) target.push({ intent, lang, text: noise(lang, text) });
  });
}

fromPool("handoff", "en", enHandoff, 6);
fromPool("greeting", "en", enGreeting, 5);
fromPool("thanks", "en", enThanks, 5);
questions("en", enTopics, enQuestionFrames, enQuestionExtra, enGreetPrefix, 14);
plain("other", "en", enOther, 3);
plain("handoff", "en", enMixedHandoff, 3);
plain("question", "en", enMixedQuestion, 3);

fromPool("handoff", "zh", zhHandoff, 6);
fromPool("greeting", "zh", zhGreeting, 5);
fromPool("thanks", "zh", zhThanks, 5);
questions("zh", zhTopics, zhQuestionFrames, zhQuestionExtra, ["", "", "", "你好，", "您好 ", "请问", "亲，", "在吗 ", "麻烦问下 "], 14);
plain("other", "zh", zhOther, 3);
plain("handoff", "zh", zhMixedHandoff, 3);
plain("question", "zh", zhMixedQuestion, 3);

// Written by hand for the held-out set only: phrasings in none of the pools above.
const handWritten: Example[] = [
  ["handoff", "en", "Can I speak to a human please?"],
  ["handoff", "en", "I want to talk to a person"],
  ["handoff", "en", "could I chat with someone real"],
  ["handoff", "en", "get me someone who can actually help"],
  ["handoff", "en", "i need a human agent asap"],
  ["handoff", "en", "let me speak to customer care"],
  ["handoff", "en", "connect me with your support team please"],
  ["handoff", "en", "can i talk to an actual person"],
  ["handoff", "en", "i'd like a real person to look at this"],
  ["handoff", "en", "transfer to agent"],
  ["handoff", "en", "talk to a human being"],
  ["handoff", "en", "please get a person"],
  ["greeting", "en", "hey, anyone around?"],
  ["greeting", "en", "hi there 👋"],
  ["greeting", "en", "good morning team"],
  ["greeting", "en", "helloo"],
  ["thanks", "en", "cheers, that sorted it"],
  ["thanks", "en", "ok great, thanks so much"],
  ["thanks", "en", "many thanks!"],
  ["question", "en", "Hi, how can I get a refund for my order?"],
  ["question", "en", "how do refunds work for sale items?"],
  ["question", "en", "can I send it back if it doesn't fit?"],
  ["question", "en", "what's the delivery time to London?"],
  ["question", "en", "can a person under 18 place an order?"],
  ["question", "en", "how many agents does the enterprise plan include?"],
  ["other", "en", "order 99812"],
  ["other", "en", "ok one moment"],
  ["other", "en", "it's the red one"],
  ["other", "en", "yes that's right"],
  ["handoff", "zh", "转人工"],
  ["handoff", "zh", "我要人工客服"],
  ["handoff", "zh", "帮我找个真人"],
  ["handoff", "zh", "能不能让客服来"],
  ["handoff", "zh", "我想跟人工客服沟通"],
  ["handoff", "zh", "机器人太笨了 给我转人工"],
  ["handoff", "zh", "请让工作人员和我联系"],
  ["handoff", "zh", "找人工客服"],
  ["handoff", "zh", "我要真人服务"],
  ["handoff", "zh", "人工客服在吗"],
  ["handoff", "zh", "不要机器人回复"],
  ["handoff", "zh", "转个人工吧"],
  ["greeting", "zh", "你好啊"],
  ["greeting", "zh", "在吗亲"],
  ["greeting", "zh", "早上好呀"],
  ["greeting", "zh", "哈喽 在不"],
  ["thanks", "zh", "好的 多谢啦"],
  ["thanks", "zh", "明白了 非常感谢"],
  ["thanks", "zh", "谢谢哈"],
  ["question", "zh", "我想退款，应该怎么办？"],
  ["question", "zh", "退款多久到账"],
  ["question", "zh", "不合适可以退吗"],
  ["question", "zh", "寄到广州要几天"],
  ["question", "zh", "人工安装收费吗"],
  ["question", "zh", "这个型号有人工智能功能吗"],
  ["other", "zh", "单号88213"],
  ["other", "zh", "好的 稍等"],
  ["other", "zh", "红色那个"],
  ["other", "zh", "对的"],
].map(([intent, lang, text]) => ({ intent: intent as Intent, lang: lang as Lang, text: text! }));
heldOut.push(...handWritten);

const dedupe = (examples: Example[], seen = new Set<string>()) =>
  examples.filter((example) => {
    const key = example.text.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
// A line in both sets would let the held-out figure count memory: the held-out copy goes.
const trainSet = dedupe(train);
const trained = new Set(trainSet.map((example) => example.text.toLowerCase()));
const heldOutSet = dedupe(heldOut, new Set(trained));

const tsv = (examples: Example[]) =>
  `intent\tlang\ttext\n${examples.map((example) => `${example.intent}\t${example.lang}\t${example.text.replace(/[\t\n]/g, " ")}`).join("\n")}\n`;
const trainFile = join(root, "server/domain/bot/intent/data/train.tsv");
const heldOutFile = join(root, "tests/fixtures/bot/intent-heldout.tsv");
for (const [file, examples] of [
  [trainFile, trainSet],
  [heldOutFile, heldOutSet],
] as const) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, tsv(examples));
  const counts: Record<string, number> = {};
  for (const example of examples) counts[`${example.lang}/${example.intent}`] = (counts[`${example.lang}/${example.intent}`] ?? 0) + 1;
  console.log(file.replace(`${root}/`, ""), examples.length, JSON.stringify(counts));
}
