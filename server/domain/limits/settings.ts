import type { LimitStore } from "./limit-store.ts";

/** How much one address or visitor may do; from server/config.ts (README "Limits"), defaults below. */
export type LimitSettings = {
  /** Wrong passwords in a row for one account from one address before each next try must wait. */
  loginFailuresBeforeDelay: number;
  /** The wait doubles with each further failure (2 s, 4 s, 8 s …) up to this. */
  loginMaxDelaySeconds: number;
  /** Failed logins from one address per day, whatever the accounts (password spraying). */
  loginFailuresPerIpPerDay: number;
  uploadBytesPerVisitorPerHour: number;
  uploadFilesPerVisitorPerHour: number;
  uploadBytesPerIpPerHour: number;
  uploadFilesPerIpPerHour: number;
  /** widget.session calls (new or refreshed visitor sessions) per address per minute. */
  sessionsPerIpPerMinute: number;
  /** Messages a visitor sends (chat and offline form) per minute. */
  messagesPerVisitorPerMinute: number;
};

export const defaultLimitSettings: LimitSettings = {
  loginFailuresBeforeDelay: 5,
  loginMaxDelaySeconds: 900,
  loginFailuresPerIpPerDay: 30,
  uploadBytesPerVisitorPerHour: 50 * 1024 * 1024,
  uploadFilesPerVisitorPerHour: 30,
  uploadBytesPerIpPerHour: 200 * 1024 * 1024,
  uploadFilesPerIpPerHour: 120,
  sessionsPerIpPerMinute: 60,
  messagesPerVisitorPerMinute: 30,
};

export type Limits = { store: LimitStore; settings: LimitSettings };
