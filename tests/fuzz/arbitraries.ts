import fc from "fast-check";

/** What a procedure's zod input names: object keys and literal strings (enum values), found by walking its definition. */
export type InputHints = { keys: string[]; literals: string[] };

type ZodLike = { _zod?: { def?: Record<string, unknown> } };

export function hintsOf(schema: unknown): InputHints {
  const keys = new Set<string>();
  const literals = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (node: unknown, depth: number) => {
    if (depth > 8 || !node || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    const def = (node as ZodLike)._zod?.def;
    if (!def) return;
    const shape = def.shape as Record<string, unknown> | undefined;
    if (shape) {
      for (const [key, child] of Object.entries(shape)) {
        keys.add(key);
        walk(child, depth + 1);
      }
    }
    const entries = def.entries as Record<string, unknown> | undefined;
    if (entries) for (const value of Object.values(entries)) if (typeof value === "string") literals.add(value);
    for (const value of (def.values as unknown[] | undefined) ?? []) if (typeof value === "string") literals.add(value);
    for (const [name, value] of Object.entries(def)) {
      if (name === "shape") continue;
      if (Array.isArray(value)) for (const item of value) walk(item, depth + 1);
      else if (value && typeof value === "object") walk(value, depth + 1);
    }
  };
  walk(schema, 0);
  return { keys: [...keys], literals: [...literals] };
}

/** Strings that have broken parsers before: empty, huge, odd unicode, markup, numbers as text, prototype names. */
const nastyStrings = [
  "",
  " ",
  "0",
  "-1",
  "1e309",
  "NaN",
  "null",
  "true",
  "__proto__",
  "constructor",
  "toString",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "%00",
  "\u0000",
  "\u202eexe.fdp",
  "😀".repeat(50),
  "a".repeat(6000),
  "2026-12-03T10:00:00.000Z",
  "2026-13-45T99:99:99Z",
  "https://example.com/",
  "http://127.0.0.1:1/",
  "javascript:alert(1)",
  "a@b.co",
  "#ff00ff",
  "Europe/Paris",
  "Not/AZone",
  "zh-CN",
];

/**
 * Arbitrary JSON for one procedure's input, biased towards what it reads: its own keys, its enum values and the
 * other organization's real ids (so a missing tenancy check would find real rows). fast-check shrinks it on failure.
 */
export function inputArbitrary(schema: unknown, hints: InputHints, realValues: string[]): fc.Arbitrary<unknown> {
  const strings = fc.oneof(
    { weight: 4, arbitrary: realValues.length > 0 ? fc.constantFrom(...realValues) : fc.string() },
    { weight: 2, arbitrary: hints.literals.length > 0 ? fc.constantFrom(...hints.literals) : fc.string() },
    { weight: 2, arbitrary: fc.constantFrom(...nastyStrings) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  );
  const numbers = fc.oneof(
    fc.integer({ min: -2, max: 100 }),
    fc.integer(),
    fc.constantFrom(0, -0, 1.5, Number.MAX_SAFE_INTEGER, 2 ** 31, -(2 ** 31), 1e308),
    fc.double(),
  );
  const leaf = fc.oneof({ weight: 6, arbitrary: strings }, { weight: 3, arbitrary: numbers }, fc.boolean(), fc.constant(null));
  const key =
    hints.keys.length > 0
      ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...hints.keys) }, fc.string({ maxLength: 8 }))
      : fc.string({ maxLength: 8 });
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(key, tie("value"), { maxKeys: 6 }),
    ),
  }));
  // Mostly an object of the procedure's own keys (deep paths), sometimes anything at all (undefined included).
  // A field is mostly a plain value, so inputs often get past validation and reach the domain code.
  const field = fc.oneof(
    { weight: 8, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(leaf, { maxLength: 3 }) },
    { weight: 1, arbitrary: value },
  );
  const shaped = hints.keys.length > 0 ? fc.record(Object.fromEntries(hints.keys.map((k) => [k, field])), { requiredKeys: [] }) : value;
  return fc.oneof(
    { weight: 16, arbitrary: schema ? schemaArbitrary(schema, realValues, value) : value },
    { weight: 3, arbitrary: shaped },
    { weight: 2, arbitrary: value },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

type Def = { type?: string; format?: string; [key: string]: unknown };

/** Plausible values for fields the schema checks with a refinement fast-check cannot read, found by the field's name. */
const namedValues: [RegExp, string[]][] = [
  [/timezone/i, ["UTC", "Asia/Shanghai", "America/New_York", "Europe/Paris"]],
  [/clientMsgId/, ["01JDQ4Y5M7X9R6Z3A2B1C0D9E8", "fuzz-client-msg-0001"]],
  [/deviceId/, ["fuzz-device-0123456789", "fuzz_device_abcdefghij"]],
  [/color/i, ["#336699", "#000000"]],
  [/language|locale/i, ["en", "zh-CN"]],
  [/^(from|to|until|before)$/, ["2026-01-01T00:00:00Z", "2026-12-31T23:59:59+08:00", "1970-01-01T00:00:00Z", "2200-01-01T00:00:00Z"]],
];
const defOf = (schema: unknown): Def => ((schema as ZodLike)?._zod?.def as Def | undefined) ?? {};

/**
 * Inputs shaped like the schema (right keys, right kinds of values, real ids where strings go), each part sometimes
 * swapped for arbitrary JSON: these get past validation and reach the domain code, where 500s hide.
 */
export function schemaArbitrary(
  schema: unknown,
  realValues: string[],
  junk: fc.Arbitrary<unknown>,
  depth = 0,
  key = "",
): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const inner = (child: unknown, childKey = key) => schemaArbitrary(child, realValues, junk, depth + 1, childKey);
  const mutated = (arbitrary: fc.Arbitrary<unknown>) => fc.oneof({ weight: 24, arbitrary }, { weight: 1, arbitrary: junk });
  const checks = ((def.checks as unknown[] | undefined) ?? []).map(
    (check) => defOf(check) as Def & { check?: string; [key: string]: unknown },
  );
  if (depth > 6) return junk;
  switch (def.type) {
    case "string": {
      const pattern = checks.find((check) => check.check === "string_format" && check.pattern instanceof RegExp)?.pattern as
        | RegExp
        | undefined;
      const max = checks.find((check) => check.check === "max_length")?.maximum as number | undefined;
      const min = checks.find((check) => check.check === "min_length")?.minimum as number | undefined;
      const fitting = fc.string({
        minLength: Math.min(min ?? 1, 40),
        maxLength: Math.max(Math.min(max ?? 40, 40), Math.min(min ?? 1, 40)),
      });
      const byName = namedValues.find(([name]) => name.test(key))?.[1];
      const base = stringOf(def.format, realValues);
      if (byName) return mutated(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...byName) }, base, fitting));
      if (def.format) return mutated(fc.oneof({ weight: 6, arbitrary: base }, fitting));
      return mutated(
        pattern
          ? fc.oneof({ weight: 4, arbitrary: fc.stringMatching(pattern) }, base, fitting)
          : fc.oneof({ weight: 2, arbitrary: base }, fitting),
      );
    }
    case "number": {
      const min = checks.find((check) => check.check === "greater_than")?.value as number | undefined;
      const max = checks.find((check) => check.check === "less_than")?.value as number | undefined;
      const [low, high] = [Math.max(min ?? -5, -(2 ** 31)), Math.min(max ?? 1000, 2 ** 31)];
      const integers = fc.integer({ min: Math.ceil(low), max: Math.floor(high) });
      const wholeOnly = checks.some((check) => check.check === "number_format" && /int/.test(String(check.format)));
      const inRange = wholeOnly
        ? fc.oneof(integers, fc.constantFrom(low, high))
        : fc.oneof(integers, fc.double({ min: low, max: high, noNaN: true }), fc.constantFrom(low, high));
      return mutated(
        fc.oneof({ weight: 12, arbitrary: inRange }, fc.integer(), fc.double({ noNaN: true }), fc.constantFrom(0, -1, 1.5, 2 ** 31, 1e308)),
      );
    }
    case "boolean":
      return mutated(fc.boolean());
    case "enum":
      return mutated(fc.constantFrom(...Object.values(def.entries as Record<string, unknown>)));
    case "literal":
      return mutated(fc.constantFrom(...(def.values as unknown[])));
    case "optional":
      return fc.oneof({ weight: 3, arbitrary: inner(def.innerType) }, { weight: 1, arbitrary: fc.constant(undefined) });
    case "nullable":
      return fc.oneof({ weight: 3, arbitrary: inner(def.innerType) }, { weight: 1, arbitrary: fc.constant(null) });
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
      return inner(def.innerType);
    case "pipe":
      return inner(defOf(def.in).type === "transform" ? def.out : def.in);
    case "union":
      return fc.oneof(...(def.options as unknown[]).map((option) => inner(option)));
    case "array":
      return mutated(fc.array(inner(def.element), { maxLength: 4 }));
    case "record":
      return mutated(
        fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("plan", "seats", "__proto__")), inner(def.valueType), {
          maxKeys: 5,
        }),
      );
    case "object": {
      const shape = def.shape as Record<string, unknown>;
      return mutated(fc.record(Object.fromEntries(Object.entries(shape).map(([name, child]) => [name, inner(child, name)]))));
    }
    default:
      return junk;
  }
}

function stringOf(format: string | undefined, realValues: string[]): fc.Arbitrary<string> {
  const real = realValues.length > 0 ? fc.constantFrom(...realValues) : fc.string();
  const dates = fc.date({ min: new Date("1970-01-01"), max: new Date("2200-01-01"), noInvalidDate: true }).map((d) => d.toISOString());
  switch (format) {
    case "email":
      return fc.oneof(
        fc.emailAddress(),
        real.filter((v) => v.includes("@")),
        fc.constant("a@b.co"),
      );
    case "url":
      return fc.oneof(
        fc.webUrl(),
        fc.constantFrom("https://example.com/", "http://127.0.0.1:1/x", "http://[::1]/", "https://hooks.example/a"),
      );
    case "datetime":
      return fc.oneof(dates, fc.constantFrom("2026-12-03T10:00:00+08:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"));
    default:
      return fc.oneof(
        { weight: 4, arbitrary: real },
        { weight: 2, arbitrary: fc.constantFrom(...nastyStrings) },
        { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
        { weight: 1, arbitrary: dates },
        { weight: 1, arbitrary: fc.constantFrom("UTC", "Asia/Shanghai", "America/New_York", "en", "zh-CN", "#336699") },
      );
  }
}
