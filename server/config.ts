import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { defaultLimitSettings, type LimitSettings } from "./domain/limits/settings.ts";

/**
 * The only reader of process.env. Parsed once at start-up; a bad value stops the process with one line that names
 * the variable (see formatConfigError).
 */
const blankIsUnset = (value: unknown) => (value === "" ? undefined : value);

const count = (fallback: number) => z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(1_000_000_000).default(fallback));

/** Login limits and visitor budgets (server/domain/limits/settings.ts; README "Limits"). */
const limitsEnv = {
  LOGIN_FAILURES_BEFORE_DELAY: count(defaultLimitSettings.loginFailuresBeforeDelay),
  LOGIN_MAX_DELAY_SECONDS: count(defaultLimitSettings.loginMaxDelaySeconds),
  LOGIN_FAILURES_PER_IP_PER_DAY: count(defaultLimitSettings.loginFailuresPerIpPerDay),
  UPLOAD_MB_PER_VISITOR_PER_HOUR: count(defaultLimitSettings.uploadBytesPerVisitorPerHour / 2 ** 20),
  UPLOAD_FILES_PER_VISITOR_PER_HOUR: count(defaultLimitSettings.uploadFilesPerVisitorPerHour),
  UPLOAD_MB_PER_IP_PER_HOUR: count(defaultLimitSettings.uploadBytesPerIpPerHour / 2 ** 20),
  UPLOAD_FILES_PER_IP_PER_HOUR: count(defaultLimitSettings.uploadFilesPerIpPerHour),
  SESSIONS_PER_IP_PER_MINUTE: count(defaultLimitSettings.sessionsPerIpPerMinute),
  MESSAGES_PER_VISITOR_PER_MINUTE: count(defaultLimitSettings.messagesPerVisitorPerMinute),
};

const EnvSchema = z.object({
  NODE_ENV: z.preprocess(blankIsUnset, z.enum(["development", "production", "test"]).default("development")),
  PORT: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(65535).default(3000)),
  HOST: z.preprocess(blankIsUnset, z.string().min(1).default("0.0.0.0")),
  DATABASE_URL: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^(mysql|mariadb):\/\/[^/]+\/\w+|^file:.+/, "expected mysql://user@host:port/database or file:path/to.db")
      .optional(),
  ),
  REDIS_URL: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^rediss?:\/\/.+/, "expected redis://host:port")
      .optional(),
  ),
  REDIS_KEY_PREFIX: z.preprocess(blankIsUnset, z.string().max(64).default("parley:")),
  SESSION_SECRET: z.preprocess(blankIsUnset, z.string().min(32, "must be at least 32 characters").optional()),
  PUBLIC_URL: z.preprocess(blankIsUnset, z.url({ protocol: /^https?$/ }).optional()),
  DATA_DIR: z.preprocess(blankIsUnset, z.string().default("data")),
  SEED_DEMO: z.preprocess(blankIsUnset, z.enum(["0", "1"]).optional()),
  PUBLIC_SIGNUP: z.preprocess(blankIsUnset, z.enum(["0", "1"], "expected 0 or 1").default("1")),
  TRUST_PROXY: z.preprocess(blankIsUnset, z.enum(["0", "1"], "expected 0 or 1").default("0")),
  WEBHOOK_ALLOW_PRIVATE: z.preprocess(blankIsUnset, z.enum(["0", "1"], "expected 0 or 1").default("0")),
  LLM_ALLOW_PRIVATE: z.preprocess(blankIsUnset, z.enum(["0", "1"], "expected 0 or 1").default("0")),
  SMTP_URL: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^smtps?:\/\/.+/, "expected smtp://user:pass@host:587 or smtps://…")
      .optional(),
  ),
  MAIL_FROM: z.preprocess(blankIsUnset, z.string().min(3).max(200).default("Parley <no-reply@localhost>")),
  EMAIL_REPLY_AFTER_SECONDS: z.preprocess(blankIsUnset, z.coerce.number().int().min(0).max(86_400).default(120)),
  DEMO_ADMIN_PASSWORD: z.preprocess(blankIsUnset, z.string().min(8).max(200).optional()),
  WS_ACCEPT_PER_SECOND: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(100_000).default(500)),
  WORKERS: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(64).default(1)),
  MESSAGE_BATCH_WINDOW_MS: z.preprocess(blankIsUnset, z.coerce.number().int().min(0).max(50).default(2)),
  MESSAGE_BATCH_MAX: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(500).default(64)),
  SHUTDOWN_SPREAD_MS: z.preprocess(blankIsUnset, z.coerce.number().int().min(0).max(60_000).default(3000)),
  LOG_LEVEL: z.preprocess(blankIsUnset, z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info")),
  METRICS_PORT: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(65535).optional()),
  METRICS_TOKEN: z.preprocess(blankIsUnset, z.string().min(16, "must be at least 16 characters").optional()),
  EXTRA_ORIGINS: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^https?:\/\/[^\s,]+(,\s*https?:\/\/[^\s,]+)*$/, "expected origins like https://admin.example.com, comma-separated")
      .optional(),
  ),
  WS_CALLS_PER_SECOND: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(100_000).default(50)),
  VISITOR_CALLS_PER_SECOND: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(100_000).default(100)),
  IP_CALLS_PER_SECOND: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(1_000_000).default(1000)),
  WS_MAX_SUBSCRIPTIONS: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(10_000).default(100)),
  UPLOAD_STORAGE: z.preprocess(blankIsUnset, z.enum(["disk", "database", "s3"], "expected disk, database or s3").optional()),
  S3_BUCKET: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "expected an S3 bucket name")
      .optional(),
  ),
  S3_ENDPOINT: z.preprocess(blankIsUnset, z.url({ protocol: /^https?$/ }).optional()),
  S3_REGION: z.preprocess(blankIsUnset, z.string().min(1).max(64).default("us-east-1")),
  S3_ACCESS_KEY_ID: z.preprocess(blankIsUnset, z.string().min(1).max(256).optional()),
  S3_SECRET_ACCESS_KEY: z.preprocess(blankIsUnset, z.string().min(1).max(256).optional()),
  S3_FORCE_PATH_STYLE: z.preprocess(blankIsUnset, z.enum(["0", "1"], "expected 0 or 1").optional()),
  S3_PREFIX: z.preprocess(
    blankIsUnset,
    z
      .string()
      .max(200)
      .regex(/^[\w./-]*$/, "expected a key prefix such as uploads/")
      .default("uploads/"),
  ),
  RELEASE_MIN_DEVICES: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(1_000_000).default(200)),
  RELEASE_ROLLBACK_MARGIN: z.preprocess(blankIsUnset, z.coerce.number().min(0).max(100).default(2)),
  WIDGET_DIR: z.preprocess(blankIsUnset, z.string().default("public/widget")),
  RELEASE_CHECK_SECONDS: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(3600).default(30)),
  ...limitsEnv,
});

/** Every environment variable Parley reads (deploy/k8s and deploy/compose.yaml are checked against it). */
export const configVariables: readonly string[] = Object.keys(EnvSchema.shape);

/** Where uploaded files live: one place every node shares (an S3 bucket or the database), or this machine's disk. */
export type StorageConfig =
  | { kind: "disk"; root: string }
  | { kind: "database" }
  | {
      kind: "s3";
      bucket: string;
      endpoint?: string;
      region: string;
      credentials?: { accessKeyId: string; secretAccessKey: string };
      forcePathStyle: boolean;
      prefix: string;
    };

export type Config = {
  dev: boolean;
  production: boolean;
  port: number;
  host: string;
  /** `mysql://…` in production; `file:<dataDir>/parley.db` in the embedded default. */
  databaseUrl: string;
  embedded: boolean;
  redisUrl?: string;
  redisKeyPrefix: string;
  sessionSecret: string;
  publicUrl: string;
  dataDir: string;
  /** Seed a demo organization, site and admin when the database has no organization yet. */
  seedDemo: boolean;
  demoAdminPassword?: string;
  /** Anyone may create an organization at /signup; 0 for a single-company install (people join by invitation). */
  publicSignup: boolean;
  /**
   * Behind a reverse proxy we run (deploy/nginx.conf): the client address is the last X-Forwarded-For entry, the one
   * our proxy appended. Off by default, since a client could otherwise claim any address.
   */
  trustProxy: boolean;
  /** Webhooks may call loopback and private-network addresses (receivers inside your network). */
  allowPrivateWebhooks: boolean;
  /** The bot's LLM endpoint may be on this machine or the private network (Ollama, vLLM beside Parley). */
  allowPrivateLlm: boolean;
  /** Replies to visitors who left an email go out by SMTP when set; without it, nothing is emailed. */
  smtpUrl?: string;
  mailFrom: string;
  /** A reply the visitor has not read after this long is emailed to them. */
  emailReplyAfterSeconds: number;
  /** Reconnect notices on shutdown are spread over this window so clients do not return as a herd. */
  shutdownSpreadMs: number;
  /** Admission control's ceiling: the most new WebSocket connections per second per process (server/http/admission.ts). */
  wsAcceptPerSecond: number;
  /** Messages arriving within this window (ms) are committed in one transaction, at most messageBatchMax of them. */
  messageBatchWindowMs: number;
  messageBatchMax: number;
  /** Serving processes on this machine, sharing the port. More than one needs MySQL and Redis to share state. */
  workers: number;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Prometheus metrics on their own port (not published outside the cluster); unset = no metrics listener. */
  metricsPort?: number;
  /** Prometheus metrics at /metrics on the main port for `Authorization: Bearer <token>`; unset = no such route. */
  metricsToken?: string;
  /** Origins besides PUBLIC_URL's whose pages may use an agent's session (sockets and cookie calls). */
  extraOrigins: string[];
  /** Call budgets per second: per socket, per visitor and per client address (per process), and subscriptions per socket. */
  wsCallsPerSecond: number;
  visitorCallsPerSecond: number;
  ipCallsPerSecond: number;
  wsMaxSubscriptions: number;
  /** Login limits and visitor budgets. */
  limits: LimitSettings;
  storage: StorageConfig;
  /** Canary releases of the widget: the controller rolls a candidate back when its error rate is worse than stable's. */
  releases: { minDevices: number; rollbackMarginPoints: number; checkEveryMs: number };
  /** The built widget this node serves and registers as a release (scripts/build-widget.mjs writes it). */
  widgetDir: string;
};

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid ${issue.path.join(".")}: ${issue.message}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const embedded = !e.DATABASE_URL;
  const production = e.NODE_ENV === "production";
  if (production && !embedded && !e.SESSION_SECRET) {
    throw new ConfigError("Invalid SESSION_SECRET: required in production (32+ random characters, the same on every node)");
  }
  if (e.WORKERS > 1 && (embedded || !e.REDIS_URL)) {
    throw new ConfigError("Invalid WORKERS: more than one worker needs DATABASE_URL (MySQL) and REDIS_URL, which the workers share");
  }
  return {
    storage: storageConfig(e, embedded, dataDir),
    widgetDir: resolve(e.WIDGET_DIR),
    releases: {
      minDevices: e.RELEASE_MIN_DEVICES,
      rollbackMarginPoints: e.RELEASE_ROLLBACK_MARGIN,
      checkEveryMs: e.RELEASE_CHECK_SECONDS * 1000,
    },
    dev: e.NODE_ENV === "development",
    production,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? `file:${join(dataDir, "parley.db")}`,
    embedded,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    sessionSecret: e.SESSION_SECRET ?? embeddedSessionSecret(dataDir),
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    dataDir,
    seedDemo: e.SEED_DEMO ? e.SEED_DEMO === "1" : embedded,
    demoAdminPassword: e.DEMO_ADMIN_PASSWORD,
    publicSignup: e.PUBLIC_SIGNUP === "1",
    trustProxy: e.TRUST_PROXY === "1",
    allowPrivateWebhooks: e.WEBHOOK_ALLOW_PRIVATE === "1",
    allowPrivateLlm: e.LLM_ALLOW_PRIVATE === "1",
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    emailReplyAfterSeconds: e.EMAIL_REPLY_AFTER_SECONDS,
    shutdownSpreadMs: e.SHUTDOWN_SPREAD_MS,
    workers: e.WORKERS,
    messageBatchWindowMs: e.MESSAGE_BATCH_WINDOW_MS,
    messageBatchMax: e.MESSAGE_BATCH_MAX,
    wsAcceptPerSecond: e.WS_ACCEPT_PER_SECOND,
    logLevel: e.LOG_LEVEL,
    metricsPort: e.METRICS_PORT,
    metricsToken: e.METRICS_TOKEN,
    extraOrigins: e.EXTRA_ORIGINS ? e.EXTRA_ORIGINS.split(",").map((origin) => origin.trim().replace(/\/$/, "")) : [],
    wsCallsPerSecond: e.WS_CALLS_PER_SECOND,
    visitorCallsPerSecond: e.VISITOR_CALLS_PER_SECOND,
    ipCallsPerSecond: e.IP_CALLS_PER_SECOND,
    wsMaxSubscriptions: e.WS_MAX_SUBSCRIPTIONS,
    limits: {
      loginFailuresBeforeDelay: e.LOGIN_FAILURES_BEFORE_DELAY,
      loginMaxDelaySeconds: e.LOGIN_MAX_DELAY_SECONDS,
      loginFailuresPerIpPerDay: e.LOGIN_FAILURES_PER_IP_PER_DAY,
      uploadBytesPerVisitorPerHour: e.UPLOAD_MB_PER_VISITOR_PER_HOUR * 2 ** 20,
      uploadFilesPerVisitorPerHour: e.UPLOAD_FILES_PER_VISITOR_PER_HOUR,
      uploadBytesPerIpPerHour: e.UPLOAD_MB_PER_IP_PER_HOUR * 2 ** 20,
      uploadFilesPerIpPerHour: e.UPLOAD_FILES_PER_IP_PER_HOUR,
      sessionsPerIpPerMinute: e.SESSIONS_PER_IP_PER_MINUTE,
      messagesPerVisitorPerMinute: e.MESSAGES_PER_VISITOR_PER_MINUTE,
    },
  };
}

/** S3 when a bucket is named, else the database when it is shared (MySQL), else the local disk (embedded). */
function storageConfig(e: z.infer<typeof EnvSchema>, embedded: boolean, dataDir: string): StorageConfig {
  const kind = e.UPLOAD_STORAGE ?? (e.S3_BUCKET ? "s3" : embedded ? "disk" : "database");
  // Disk is right for the embedded server and for workers on one machine; for N machines only if DATA_DIR is a disk
  // they all mount (NFS, EFS), which UPLOAD_STORAGE=disk says.
  if (kind === "disk") return { kind, root: join(dataDir, "uploads") };
  if (kind === "database") return { kind };
  if (!e.S3_BUCKET) throw new ConfigError("Invalid S3_BUCKET: required when UPLOAD_STORAGE=s3");
  if (!e.S3_ACCESS_KEY_ID !== !e.S3_SECRET_ACCESS_KEY) {
    throw new ConfigError(
      "Invalid S3_ACCESS_KEY_ID: set it together with S3_SECRET_ACCESS_KEY, or neither (the AWS default credential chain)",
    );
  }
  return {
    kind,
    bucket: e.S3_BUCKET,
    endpoint: e.S3_ENDPOINT,
    region: e.S3_REGION,
    credentials: e.S3_ACCESS_KEY_ID ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY! } : undefined,
    // Self-hosted S3 servers rarely have per-bucket DNS names: path style by default when an endpoint is given.
    forcePathStyle: e.S3_FORCE_PATH_STYLE ? e.S3_FORCE_PATH_STYLE === "1" : Boolean(e.S3_ENDPOINT),
    prefix: e.S3_PREFIX,
  };
}

/** Generated on first start and kept, so visitor tokens survive a restart of the embedded server. */
function embeddedSessionSecret(dataDir: string): string {
  const file = join(dataDir, "session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
