import { describe, expect, it } from "vitest";
import { sendUntilAcked } from "../../client/send-until-acked.ts";

const refused = (code: string) => Object.assign(new Error(code), { data: { code } });

describe("sendUntilAcked", () => {
  it("makes the send again after a lost socket or a server fault, and resolves with the ack", async () => {
    const failures = [new Error("socket closed"), refused("INTERNAL_SERVER_ERROR"), refused("TOO_MANY_REQUESTS")];
    let calls = 0;
    const waits: number[] = [];
    const ack = await sendUntilAcked(
      async () => {
        calls++;
        const failure = failures.shift();
        if (failure) throw failure;
        return { seq: 7 };
      },
      async (ms) => void waits.push(ms),
    );
    expect(ack).toEqual({ seq: 7 });
    expect(calls).toBe(4);
    expect(waits).toHaveLength(3);
  });

  it("rejects at once when the server refused the message for good", async () => {
    let calls = 0;
    const send = sendUntilAcked(
      async () => {
        calls++;
        throw refused("BAD_REQUEST");
      },
      async () => undefined,
    );
    await expect(send).rejects.toMatchObject({ data: { code: "BAD_REQUEST" } });
    expect(calls).toBe(1);
  });
});
