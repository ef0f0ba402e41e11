import type { Redis } from "ioredis";
import { windowSize, windowTtlSeconds, type WindowRead, type WindowSlot } from "./bus.ts";

/**
 * A conversation's replay window in Redis: one sorted set, scored by seq, holding the last windowSize events as JSON,
 * plus one marker member at score 0: the run_id of the Redis server that holds it. A restart (even one that reloads
 * an older snapshot) changes run_id and FLUSHDB drops the set, so a window that may have missed writes is detected,
 * never trusted: the reader gets null and goes to the database. The writer starts a window over when the marker is
 * not the current run_id.
 *
 * The append and the PUBLISH run in one script, so any event is either in the window when a subscriber (subscribed
 * first) reads it, or is delivered to that subscriber live.
 */
const appendScript = `
local marker = redis.call('ZRANGEBYSCORE', KEYS[1], 0, 0)
if marker[1] ~= ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('ZADD', KEYS[1], 0, ARGV[1])
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
local top = redis.call('ZREVRANGEBYSCORE', KEYS[1], '+inf', 1, 'WITHSCORES', 'LIMIT', 0, 1)
redis.call('ZREMRANGEBYSCORE', KEYS[1], 1, tonumber(top[2]) - tonumber(ARGV[4]))
redis.call('EXPIRE', KEYS[1], ARGV[5])
redis.call('PUBLISH', ARGV[6], ARGV[3])
return 1
`;

const readScript = `
local marker = redis.call('ZRANGEBYSCORE', KEYS[1], 0, 0)
if #marker == 0 then return false end
local first = redis.call('ZRANGEBYSCORE', KEYS[1], 1, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
local last = redis.call('ZREVRANGEBYSCORE', KEYS[1], '+inf', 1, 'WITHSCORES', 'LIMIT', 0, 1)
if #first == 0 then return false end
return {marker[1], first[2], last[2], redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf')}
`;

type WindowCommands = Redis & {
  windowAppend(key: string, runId: string, seq: number, payload: string, size: number, ttl: number, channel: string): Promise<unknown>;
  windowRead(key: string, afterSeq: number): Promise<[string, string, string, string[]] | null>;
};

export function createRedisWindows(connection: Redis, keyPrefix: string, onError: (err: Error) => void) {
  const commands = connection as WindowCommands;
  commands.defineCommand("windowAppend", { numberOfKeys: 1, lua: appendScript });
  commands.defineCommand("windowRead", { numberOfKeys: 1, lua: readScript });

  /** The server's run_id, learnt on every (re)connect; unknown until then, and windows are neither read nor written. */
  let runId: string | null = null;
  /** Windows an append may have missed (it failed): dropped as soon as Redis answers again. */
  const unsure = new Set<string>();
  connection.on("close", () => (runId = null));
  const forgetUnsure = async () => {
    const keys = [...unsure];
    if (keys.length === 0) return;
    await connection.del(...keys).then(
      () => {
        for (const key of keys) unsure.delete(key);
      },
      () => undefined,
    );
  };
  connection.on("ready", () => {
    connection
      .info("server")
      .then(async (info) => {
        await forgetUnsure();
        runId = /run_id:(\w+)/.exec(info)?.[1] ?? null;
      })
      .catch((err: Error) => onError(err));
  });

  return {
    async publish(channel: string, slot: WindowSlot, payload: string): Promise<void> {
      const key = keyPrefix + slot.key;
      if (runId && unsure.size > 0) await forgetUnsure();
      if (!runId || unsure.size > 0) {
        unsure.add(key);
        await connection.publish(channel, payload);
        return;
      }
      try {
        await commands.windowAppend(key, runId, slot.seq, payload, windowSize, windowTtlSeconds, channel);
      } catch (err) {
        unsure.add(key);
        throw err;
      }
    },

    async read(key: string, afterSeq: number): Promise<WindowRead | null> {
      if (!runId) return null;
      const read = await commands.windowRead(keyPrefix + key, afterSeq);
      if (!read || read[0] !== runId) return null;
      return { firstSeq: Number(read[1]), lastSeq: Number(read[2]), events: read[3].map((payload) => JSON.parse(payload)) };
    },
  };
}
