export type InTurn = <R>(work: () => Promise<R>) => Promise<R>;

/** One queue of turns; the send path's own statements (message-statements-sqlite.ts) take their turns in it too. */
export function createTurns(): InTurn {
  let tail: Promise<unknown> = Promise.resolve();
  return <R>(work: () => Promise<R>): Promise<R> => {
    const result = tail.then(work, work);
    tail = result.catch(() => undefined);
    return result;
  };
}

/**
 * Prisma's better-sqlite3 adapter runs everything on one connection. A query issued while an interactive
 * transaction is open on it joins that transaction, and is silently undone if the transaction rolls back (measured:
 * a create reported as done, then gone). So on SQLite every top-level operation and every transaction take turns
 * through one queue. Inside a transaction callback, use its `tx` client only: calling the outer client there would
 * wait for the transaction that is waiting for it.
 */
export function serializeSqliteClient<T extends object>(client: T, inTurn: InTurn = createTurns()): T {
  const turnTaking =
    (fn: (...args: unknown[]) => unknown, self: unknown) =>
    (...args: unknown[]) =>
      inTurn(() => Promise.resolve(fn.apply(self, args)));
  const delegates = new Map<PropertyKey, unknown>();

  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== "string") return value;
      if (property === "$transaction") {
        return (work: unknown, options?: unknown) => {
          if (typeof work !== "function") throw new Error("only interactive transactions are supported on SQLite");
          return inTurn(() => (value as (w: unknown, o?: unknown) => Promise<unknown>).call(target, work, options));
        };
      }
      if (/^\$(query|execute)Raw(Unsafe)?$/.test(property)) return turnTaking(value as (...args: unknown[]) => unknown, target);
      if (typeof value === "function") return (value as (...args: unknown[]) => unknown).bind(target);
      if (property.startsWith("$") || value === null || typeof value !== "object") return value;
      // A model delegate (db.message, db.conversation, …): each of its operations takes its turn.
      if (!delegates.has(property)) {
        delegates.set(
          property,
          new Proxy(value, {
            get(delegate, operation, delegateReceiver) {
              const method: unknown = Reflect.get(delegate, operation, delegateReceiver);
              return typeof method === "function" ? turnTaking(method as (...args: unknown[]) => unknown, delegate) : method;
            },
          }),
        );
      }
      return delegates.get(property);
    },
  });
}
