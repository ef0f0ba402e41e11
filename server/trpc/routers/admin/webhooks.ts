import { z } from "zod";
import { webhookEvents } from "../../../contracts/webhooks.ts";
import {
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  sendTestDelivery,
  updateWebhook,
} from "../../../domain/webhooks/manage-webhooks.ts";
import { adminProcedure, router } from "../../init.ts";

const id = z.string().min(1).max(30);
const url = z.url({ protocol: /^https?$/, error: "url must be an http(s) URL" }).max(2048);
const events = z.array(z.enum(webhookEvents)).min(1, "pick at least one event").max(webhookEvents.length);

const CreateInput = z.object({ url, events });
const UpdateInput = z.object({ id, url: url.optional(), events: events.optional(), active: z.boolean().optional() });
const IdInput = z.object({ id });
const DeliveriesInput = z.object({ webhookId: id, limit: z.number().int().min(1).max(200).default(50) });

export const adminWebhooksRouter = router({
  list: adminProcedure.query(({ ctx }) => listWebhooks(ctx.deps, ctx.agent.organizationId)),
  /** Returns the signing secret once. */
  create: adminProcedure.input(CreateInput).mutation(({ ctx, input }) => createWebhook(ctx.deps, ctx.agent, input)),
  update: adminProcedure.input(UpdateInput).mutation(({ ctx, input }) => updateWebhook(ctx.deps, ctx.agent, input)),
  delete: adminProcedure.input(IdInput).mutation(({ ctx, input }) => deleteWebhook(ctx.deps, ctx.agent, input)),
  sendTest: adminProcedure.input(IdInput).mutation(({ ctx, input }) => sendTestDelivery(ctx.deps, ctx.agent, input)),
  deliveries: adminProcedure.input(DeliveriesInput).query(({ ctx, input }) => listDeliveries(ctx.deps, ctx.agent.organizationId, input)),
});
