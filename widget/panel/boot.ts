import type { Locale } from "../protocol.ts";
import type { AttachmentPolicy } from "./attachments.ts";
import type { PreChatField } from "./prechat.ts";

/** What the server writes into the panel's page (`#parley-boot`): the site, its settings, and who is online. */
export type Boot = {
  siteKey: string;
  siteName: string;
  hostOrigin: string | null;
  online: boolean;
  locale: Locale;
  deviceId: string | null;
  /** The dashboard's preview of unsaved settings: no session is opened, nothing is sent. */
  preview?: boolean;
  settings: {
    color: string;
    greeting: string;
    agentName: string;
    agentAvatarUrl?: string;
    draftPreview: boolean;
    offlineMessage?: string;
    attachments?: AttachmentPolicy;
    preChat?: { enabled: boolean; fields: PreChatField[] };
  };
  /** The site's bot, when it has one: its replies carry its name and avatar. */
  bot: { name: string; avatarUrl: string | null } | null;
};

export function readBoot(): Boot {
  return JSON.parse(document.getElementById("parley-boot")!.textContent!) as Boot;
}
