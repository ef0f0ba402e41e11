import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the fake endpoint does with the next request: stream tokens, stall, or fail. */
export type FakeBehaviour =
  | { kind: "stream"; tokens: string[]; tokenDelayMs?: number; usage?: { prompt: number; completion: number } }
  /** Accepts the request and never sends a token: the caller's first-token timeout must fire. */
  | { kind: "stall" }
  | { kind: "error"; status: number };

export type FakeRequest = {
  path: string;
  authorization: string | undefined;
  body: { model: string; stream?: boolean; messages: { role: string; content: string }[] };
};

/**
 * A local OpenAI-compatible server (POST /v1/chat/completions, server-sent events like the real API), so tests
 * exercise the real `openai` client over real HTTP with no network and no model.
 */
export async function startFakeLlm() {
  const requests: FakeRequest[] = [];
  let next: (request: FakeRequest) => FakeBehaviour = () => ({ kind: "stream", tokens: ["Hello", "!"] });
  const open = new Set<ServerResponse>();
  /** Embeddings: none (404, as an endpoint without them) until a test sets how texts map to vectors. */
  let embedder: ((text: string) => number[]) | null = null;
  const embeddingRequests: { model: string; input: string | string[] }[] = [];

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method === "POST" && req.url?.endsWith("/embeddings")) {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { model: string; input: string | string[] };
      embeddingRequests.push(body);
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      if (!embedder) return void res.writeHead(404).end();
      const data = inputs.map((text, index) => ({ object: "embedding", index, embedding: embedder!(text) }));
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ object: "list", data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
      return;
    }
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res.writeHead(404).end();
      return;
    }
    const request: FakeRequest = {
      path: req.url,
      authorization: req.headers.authorization,
      body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
    };
    requests.push(request);
    const behaviour = next(request);
    if (behaviour.kind === "error") {
      res
        .writeHead(behaviour.status, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { message: "fake failure", type: "server_error" } }));
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    open.add(res);
    res.on("close", () => open.delete(res));
    if (behaviour.kind === "stall") return;
    const base = {
      id: "chatcmpl-fake",
      object: "chat.completion.chunk",
      created: Math.floor(Date.now() / 1000),
      model: request.body.model,
    };
    const send = (payload: unknown) => res.write(`data: ${JSON.stringify(payload)}\n\n`);
    send({ ...base, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] });
    for (const token of behaviour.tokens) {
      if (res.destroyed) return;
      if (behaviour.tokenDelayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.tokenDelayMs));
      send({ ...base, choices: [{ index: 0, delta: { content: token }, finish_reason: null }] });
    }
    send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
    const usage = behaviour.usage ?? { prompt: 50, completion: behaviour.tokens.length };
    send({
      ...base,
      choices: [],
      usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion },
    });
    res.end("data: [DONE]\n\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    embeddingRequests,
    embedWith(embed: ((text: string) => number[]) | null) {
      embedder = embed;
    },
    /** Sets what every following request gets. */
    respond(behaviour: FakeBehaviour | ((request: FakeRequest) => FakeBehaviour)) {
      next = typeof behaviour === "function" ? behaviour : () => behaviour;
    },
    async close() {
      for (const res of open) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
