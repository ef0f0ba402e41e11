/**
 * Customer-service words that mean the same thing, mapped to one concept term each (English by stem, Chinese by
 * jieba word), plus phrase rewrites for multi-word ways of saying one thing ("money back" → refund, "close my
 * account" → delete account). General shop vocabulary, written once for every site; a site's own wording still
 * matches through the FAQ's own terms. A term may stand for more than one concept ("paypal" is a way to pay).
 */
export const englishPhrases: [RegExp, string][] = [
  [/\bmoney back\b|\bget (?:my|the) money\b|\brefunded\b/g, " refund "],
  [/\bsend(?:ing)? (?:\w+ ){0,2}back\b|\bsent (?:\w+ ){0,2}back\b|\bgive (?:\w+ ){0,2}back\b/g, " return "],
  [/\b(?:delivery|shipping) (?:time|times|period)\b/g, " duration ship "],
  [/\bchange (?:the |my )?size\b/g, " exchange size "],
  [/\bdo you take\b/g, " option "],
  [/\b(?:to|in) the (?:uk|us|usa|netherlands|states|philippines)\b/g, " abroad "],
  [/\b(?:ship|deliver|send)\w* (?:to|in) (?!my\b|the\b|your\b|this\b|me\b|a\b)[a-z]+/g, " ship abroad "],
  [/\b(?:close|remove|deactivate|cancel) (?:my |the )?(?:account|profile)\b/g, " delete account "],
  [/\b(?:different|another|bigger|smaller|other) size\b|\bdoesn'?t fit\b|\bdon'?t fit\b/g, " exchange size "],
  [/\bhow long\b|\bhow many days\b|\bhow fast\b|\bhow quickly\b|\bwhen will\b|\bhow soon\b/g, " duration "],
  [/\bcan'?t log ?in\b|\bcannot log ?in\b/g, " password "],
  [/\bapple pay\b|\bgoogle pay\b|\bcredit cards?\b|\bdebit cards?\b/g, " paypal "],
  [/\bpromo code\b|\bcoupon code\b|\bgift code\b/g, " discount code "],
  [/\bother countries\b|\banother country\b/g, " abroad "],
  [/\bwhere'?s\b/g, " where "],
  [/\bwhat time\b/g, " time "],
];

export const englishConcepts: Record<string, string> = {
  refund: "refund", reimburse: "refund", reimbursement: "refund", repay: "refund", chargeback: "refund",
  return: "return", returning: "return",
  purchase: "order", bought: "order", buy: "order", package: "order ship", parcel: "order ship", shipment: "order ship",
  item: "item", product: "item", something: "item", thing: "item", stuff: "item", article: "item",
  track: "track", tracking: "track", trace: "track", where: "where",
  password: "password", passcode: "password", pw: "password", login: "password",
  reset: "reset", forgot: "reset", forget: "reset", recover: "reset", lost: "reset",
  cancel: "cancel", cancellation: "cancel", cancelled: "cancel", canceled: "cancel",
  address: "address", location: "address",
  change: "change", update: "change", edit: "change", modify: "change", fix: "change", correct: "change", amend: "change", wrong: "change", moved: "change",
  pay: "pay", payment: "pay", paying: "pay", paid: "pay", checkout: "pay",
  paypal: "pay option", visa: "pay option", mastercard: "pay option", cash: "pay option", klarna: "pay option",
  method: "option", option: "option", way: "option", accept: "option",
  ship: "ship", shipping: "ship", deliver: "ship", delivery: "ship", dispatch: "ship", arrive: "ship", send: "ship", post: "ship",
  international: "abroad", internationally: "abroad", abroad: "abroad", overseas: "abroad", country: "abroad",
  worldwide: "abroad",
  open: "open", opening: "open", close: "open", closing: "open", business: "open",
  hour: "time", time: "time", saturday: "time", sunday: "time", weekend: "time", today: "time", monday: "time",
  warranty: "warranty", guarantee: "warranty", guaranty: "warranty",
  duration: "duration", period: "duration", length: "duration", year: "duration", long: "duration",
  discount: "discount", promo: "discount", coupon: "discount", voucher: "discount",
  apply: "use", use: "use", enter: "use", put: "use", redeem: "use", add: "use",
  invoice: "invoice", receipt: "invoice", bill: "invoice", vat: "invoice",
  delete: "delete", remove: "delete", erase: "delete", deactivate: "delete",
  account: "account", profile: "account",
  exchange: "exchange", swap: "exchange", replace: "exchange",
  size: "size", fit: "size", bigger: "size", smaller: "size", larger: "size",
};

export const chinesePhrases: [RegExp, string][] = [
  [/钱(?:能|可以)?退|退(?:给我)?钱|把钱/g, " 退款 "],
  [/快递费|邮费|运费|包邮|邮资/g, " 运费 "],
  [/寄回去?|退回去?/g, " 退货 "],
  [/不想要了?|不要了/g, " 取消 "],
  [/大一号|小一号|大一码|小一码|小了|大了|不合适|换个码|换码/g, " 换货 尺码 "],
  [/多长时间|多久|几天|什么时候|何时|多快|几年|多长/g, " 多久 "],
  [/几点|上班|下班|在线|营业/g, " 时间 "],
  [/登录不了|登不上/g, " 密码 "],
  [/销户/g, " 注销 账号 "],
  [/开(?:电子)?发票|开票/g, " 开 发票 "],
  [/在哪里|在哪儿|哪里|哪儿|在哪/g, " 哪 "],
];

export const chineseConcepts: Record<string, string> = {
  退款: "退款", 退钱: "退款", 返款: "退款", 退费: "退款",
  退货: "退货", 退: "退货", 退换: "退货",
  快递: "物流", 包裹: "物流", 物流: "物流", 查: "物流", 到: "物流", 没到: "物流",
  密码: "密码", 忘记: "重置", 忘了: "重置", 重置: "重置", 找回: "重置", 修改密码: "密码 重置",
  取消: "取消", 撤销: "取消",
  地址: "地址", 收货地址: "地址", 改: "修改", 修改: "修改", 更改: "修改", 更换: "修改", 填错: "修改", 写错: "修改", 改一下: "修改",
  支付: "支付", 付款: "支付", 付钱: "支付", 支付宝: "支付 方式", 微信: "支付 方式", 信用卡: "支付 方式", 银行卡: "支付 方式", 花呗: "支付 方式",
  方式: "方式", 方法: "方式",
  发货: "发货", 发: "发货",
  客服: "客服", 时间: "时间", 工作: "时间", 周末: "时间",
  保修: "保修", 质保: "保修", 售后: "保修", 保: "保修",
  优惠券: "优惠券", 优惠码: "优惠券", 券: "优惠券", 折扣码: "优惠券", 优惠: "优惠券",
  用: "使用", 使用: "使用",
  发票: "发票", 电子发票: "发票", 开票: "发票", 收据: "发票",
  注销: "注销", 删除: "注销", 删掉: "注销",
  账号: "账号", 账户: "账号", 帐号: "账号", 帐户: "账号",
  换货: "换货", 换: "换货", 尺码: "尺码", 码: "尺码", 尺寸: "尺码",
};

/** Words that carry no meaning for matching a question: greetings, politeness, question fillers (both languages). */
export const fillerWords = new Set(
  (
    "hi hello hey hiya there good morning afternoon evening thanks thank please pls kindly sorry excuse ok okay so um well " +
    "quick question like would i'd know tell wondering possible still really just also want wanna need able let " +
    "anyone help someone team guys until take what which how why when who whom whose do does did can could may might shall " +
    "you your yours we our us i me my mine it its this that these those a an the to of for on in at by with from " +
    "is are was were be been being have has had get got getting am will any some there's it's what's i'm don't " +
    "你好 您好 在吗 在么 请问 麻烦 问下 问一下 一下 想 要 我 我们 你 您 你们 的 了 吗 呢 吧 啊 呀 么 嘛 哦 是 在 有 和 " +
    "怎么 怎样 如何 怎么办 应该 可以 能 能不能 可不可以 什么 哪些 请 帮 帮我 一个 个 这个 那个 还 就 都 亲 谢谢 " +
    "怎么弄 弄 办 办理 申请 需要 我想 怎么样 还是 现在 东西 买 的话 给 让"
  ).split(/\s+/),
);
