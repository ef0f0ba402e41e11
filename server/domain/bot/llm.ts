import OpenAI from "openai";
import { outboundFetch } from "../network/guarded-fetch.ts";
import type { OutboundNetwork } from "../network/outbound-policy.ts";

/** An OpenAI-compatible chat endpoint: OpenAI, DeepSeek, Qwen's compatible mode, Ollama, vLLM… */
export type LlmEndpoint = { baseUrl: string; apiKey: string | null; model: string; temperature: number; maxTokens: number };
export type ChatTurn = { role: "system" | "user" | "assistant"; content: string };
export type LlmUsage = { promptTokens: number; completionTokens: number };
export type LlmResult = { ok: true; text: string; usage: LlmUsage } | { ok: false; error: "timeout" | "failed" | "empty"; usage: LlmUsage };

export type StreamOptions = {
  /** The endpoint may be on this machine or the private network (LLM_ALLOW_PRIVATE, e.g. Ollama beside Parley). */
  allowPrivate: boolean;
  /** Tests only: a resolver and "public address" rule that play a public host on loopback. */
  network?: OutboundNetwork;
  firstTokenTimeoutMs: number;
  totalTimeoutMs: number;
  /** Called with the whole text so far after each token. */
  onText?: (text: string) => void;
  /** Aborts the call (an agent joined); the result is then `failed`. */
  signal?: AbortSignal;
};

/** Rough count when the endpoint reports no usage: about four characters a token, at least one per CJK character. */
export function estimateTokens(text: string): number {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  return han + Math.ceil((text.length - han) / 4);
}

/**
 * Streams one chat completion. Never hangs: no first token within `firstTokenTimeoutMs`, or no end within
 * `totalTimeoutMs`, aborts the request and reports a timeout; any HTTP or network error reports a failure.
 */
export async function streamChat(endpoint: LlmEndpoint, turns: ChatTurn[], options: StreamOptions): Promise<LlmResult> {
  // Every connection (redirects included) goes to an address checked once at connect time; see guarded-fetch.ts.
  const client = new OpenAI({
    baseURL: endpoint.baseUrl,
    apiKey: endpoint.apiKey || "none",
    maxRetries: 0,
    timeout: options.totalTimeoutMs,
    fetch: outboundFetch({ allowPrivate: options.allowPrivate, hint: "LLM_ALLOW_PRIVATE=1", ...options.network }),
  });
  const controller = new AbortController();
  let timedOut = false;
  const expire = () => {
    timedOut = true;
    controller.abort();
  };
  const firstToken = setTimeout(expire, options.firstTokenTimeoutMs);
  const total = setTimeout(expire, options.totalTimeoutMs);
  const onOuterAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onOuterAbort);
  const prompt = turns.map((turn) => turn.content).join("\n");
  let text = "";
  let reported: LlmUsage | null = null;
  const usage = () => reported ?? { promptTokens: estimateTokens(prompt), completionTokens: estimateTokens(text) };
  try {
    const stream = await client.chat.completions.create(
      {
        model: endpoint.model,
        messages: turns,
        temperature: endpoint.temperature,
        max_tokens: endpoint.maxTokens,
        stream: true,
        stream_options: { include_usage: true },
      },
      { signal: controller.signal },
    );
    for await (const chunk of stream) {
      if (chunk.usage) reported = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
      const delta = chunk.choices[0]?.delta?.content;
      if (!delta) continue;
      clearTimeout(firstToken);
      text += delta;
      options.onText?.(text);
    }
    // An abort mid-stream ends the iteration quietly rather than throwing: a cut-off text is not an answer.
    if (controller.signal.aborted) return { ok: false, error: timedOut ? "timeout" : "failed", usage: usage() };
    if (!text.trim()) return { ok: false, error: "empty", usage: usage() };
    return { ok: true, text: text.trim(), usage: usage() };
  } catch {
    return { ok: false, error: timedOut ? "timeout" : "failed", usage: usage() };
  } finally {
    clearTimeout(firstToken);
    clearTimeout(total);
    options.signal?.removeEventListener("abort", onOuterAbort);
  }
}

/**
 * A client for the endpoint's other OpenAI-compatible calls (embeddings.ts), built as streamChat's is: every
 * connection goes through the guarded fetch, so a refused address fails the call (the caller then does without).
 */
export function endpointClient(
  endpoint: LlmEndpoint,
  options: { allowPrivate: boolean; timeoutMs: number; network?: OutboundNetwork },
): OpenAI {
  return new OpenAI({
    baseURL: endpoint.baseUrl,
    apiKey: endpoint.apiKey || "none",
    maxRetries: 0,
    timeout: options.timeoutMs,
    fetch: outboundFetch({ allowPrivate: options.allowPrivate, hint: "LLM_ALLOW_PRIVATE=1", ...options.network }),
  });
}
