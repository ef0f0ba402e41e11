import { z } from "zod";
import { limits } from "../../../contracts/limits.ts";
import { getBotConfigView, saveBotConfig } from "../../../domain/bot/bot-config.ts";
import { botModes, botSettingsSchema } from "../../../domain/bot/bot-settings.ts";
import { testBot } from "../../../domain/bot/assist.ts";
import { deleteDocument, deleteFaq, listDocuments, listFaqs, saveDocument, saveFaq } from "../../../domain/bot/manage-knowledge.ts";
import { organizationUsage } from "../../../domain/bot/usage.ts";
import { botReport } from "../../../domain/reports/bot-report.ts";
import { adminProcedure, router } from "../../init.ts";

const id = z.string().min(1).max(limits.id);
const SiteInput = z.object({ siteId: id });
const SaveInput = z.object({
  siteId: id,
  mode: z.enum(botModes),
  name: z.string().trim().min(1, "the bot needs a name").max(80),
  avatarUrl: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .nullable(),
  settings: botSettingsSchema,
  llm: z.object({
    baseUrl: z
      .url({ protocol: /^https?$/, error: "the base URL must be an http(s) URL" })
      .max(2048)
      .or(z.literal("")),
    model: z.string().trim().max(120),
    temperature: z.number().min(0).max(2),
    maxTokens: z.number().int().min(16).max(8192),
    /** Omitted: keep the stored key. Empty or null: remove it. */
    apiKey: z.string().max(500).nullable().optional(),
  }),
});
const question = z.string().trim().min(1, "a question is required").max(300);
const FaqInput = z.object({
  id: id.optional(),
  siteId: id,
  questions: z.array(question).min(1, "add at least one way of asking").max(20, "at most 20 variants"),
  answer: z.string().trim().min(1, "the answer is empty").max(4000),
});
const DocumentInput = z.object({
  id: id.optional(),
  siteId: id,
  title: z.string().trim().min(1, "the title is empty").max(200),
  body: z.string().trim().min(1, "the document is empty").max(200_000, "a document is at most 200,000 characters"),
});
const IdInput = z.object({ id });
const ReportInput = z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }), siteId: id.optional() });
const TestInput = z.object({ siteId: id, question: z.string().trim().min(1, "ask something").max(limits.messageBody) });

/** The site's bot: mode, face, hand-off rules, endpoint; its knowledge; the test box; token usage. */
export const adminBotRouter = router({
  get: adminProcedure.input(SiteInput).query(({ ctx, input }) => getBotConfigView(ctx.deps, ctx.agent.organizationId, input.siteId)),
  save: adminProcedure.input(SaveInput).mutation(({ ctx, input }) => saveBotConfig(ctx.deps, ctx.agent, input)),
  test: adminProcedure.input(TestInput).mutation(({ ctx, input }) => testBot(ctx.deps, ctx.agent, input)),
  /** Bot-resolved share, hand-off rate and reasons, answers before hand-off, over conversations created in the range. */
  report: adminProcedure.input(ReportInput).query(({ ctx, input }) =>
    botReport(ctx.deps, {
      organizationId: ctx.agent.organizationId,
      from: new Date(input.from),
      to: new Date(input.to),
      siteId: input.siteId,
    }),
  ),
  usage: adminProcedure.query(({ ctx }) =>
    organizationUsage(ctx.deps, ctx.agent.organizationId, new Date(ctx.deps.now().getTime() - 30 * 86_400_000)),
  ),
  faqs: router({
    list: adminProcedure.input(SiteInput).query(({ ctx, input }) => listFaqs(ctx.deps, ctx.agent.organizationId, input.siteId)),
    save: adminProcedure.input(FaqInput).mutation(({ ctx, input }) => saveFaq(ctx.deps, ctx.agent, input)),
    delete: adminProcedure.input(IdInput).mutation(({ ctx, input }) => deleteFaq(ctx.deps, ctx.agent, input)),
  }),
  documents: router({
    list: adminProcedure.input(SiteInput).query(({ ctx, input }) => listDocuments(ctx.deps, ctx.agent.organizationId, input.siteId)),
    save: adminProcedure.input(DocumentInput).mutation(({ ctx, input }) => saveDocument(ctx.deps, ctx.agent, input)),
    delete: adminProcedure.input(IdInput).mutation(({ ctx, input }) => deleteDocument(ctx.deps, ctx.agent, input)),
  }),
});
