import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { streamChat, type LlmEndpoint } from "../../server/domain/bot/llm.ts";
import { startFakeLlm } from "../support/fake-llm.ts";

/** The LLM client against the local fake OpenAI-compatible server: every way a call can end, and none hangs. */
describe("streamChat", () => {
  let llm: Awaited<ReturnType<typeof startFakeLlm>>;
  let endpoint: LlmEndpoint;
  const turns = [{ role: "user" as const, content: "hello" }];
  // The fake endpoint listens on loopback, which production refuses unless LLM_ALLOW_PRIVATE=1.
  const limits = { allowPrivate: true, firstTokenTimeoutMs: 500, totalTimeoutMs: 1_500 };
  beforeAll(async () => {
    llm = await startFakeLlm();
    endpoint = { baseUrl: llm.baseUrl, apiKey: "sk-test", model: "fake-model", temperature: 0.1, maxTokens: 64 };
  });
  afterAll(() => llm?.close());

  it("streams tokens, reports the growing text and the endpoint's usage", async () => {
    llm.respond({ kind: "stream", tokens: ["a", "b", "c"], usage: { prompt: 7, completion: 3 } });
    const seen: string[] = [];
    const result = await streamChat(endpoint, turns, { ...limits, onText: (text) => seen.push(text) });
    expect(result).toEqual({ ok: true, text: "abc", usage: { promptTokens: 7, completionTokens: 3 } });
    expect(seen).toEqual(["a", "ab", "abc"]);
    expect(llm.requests.at(-1)!.body).toMatchObject({ model: "fake-model", stream: true, messages: turns });
  });

  it("no first token in time: a timeout, with the prompt's tokens estimated", async () => {
    llm.respond({ kind: "stall" });
    const result = await streamChat(endpoint, turns, limits);
    expect(result).toMatchObject({ ok: false, error: "timeout" });
    expect(result.usage.promptTokens).toBeGreaterThan(0);
  });

  it("tokens that keep coming past the total limit: a timeout too", async () => {
    llm.respond({ kind: "stream", tokens: Array.from({ length: 100 }, () => "x"), tokenDelayMs: 100 });
    const result = await streamChat(endpoint, turns, limits);
    expect(result).toMatchObject({ ok: false, error: "timeout" });
    expect(result.usage.completionTokens).toBeGreaterThan(0);
  });

  it("an HTTP error is a failure (no retries), an empty answer is empty, an abort is a failure", async () => {
    const before = llm.requests.length;
    llm.respond({ kind: "error", status: 500 });
    expect(await streamChat(endpoint, turns, limits)).toMatchObject({ ok: false, error: "failed" });
    expect(llm.requests.length).toBe(before + 1);
    llm.respond({ kind: "stream", tokens: [] });
    expect(await streamChat(endpoint, turns, limits)).toMatchObject({ ok: false, error: "empty" });
    llm.respond({ kind: "stream", tokens: Array.from({ length: 50 }, () => "y"), tokenDelayMs: 50 });
    const abort = new AbortController();
    const pending = streamChat(endpoint, turns, { ...limits, signal: abort.signal, onText: () => abort.abort() });
    expect(await pending).toMatchObject({ ok: false, error: "failed" });
  });

  it("an endpoint nobody listens on is a failure", async () => {
    const closed = await startFakeLlm();
    await closed.close();
    expect(await streamChat({ ...endpoint, baseUrl: closed.baseUrl }, turns, limits)).toMatchObject({ ok: false, error: "failed" });
  });

  it("does not call an endpoint on an internal address unless allowed", async () => {
    const calls = llm.requests.length;
    expect(await streamChat(endpoint, turns, { ...limits, allowPrivate: false })).toMatchObject({ ok: false, error: "failed" });
    expect(llm.requests.length).toBe(calls);
  });
});
