import type { QueueStatus } from "@/server/contracts/queue";
import type { linkStateStore } from "@/client/links/link-state";
import type { ThreadItem } from "@/client/thread";
import type { FrameEvents, Locale } from "../protocol.ts";
import type { VisitorClient } from "../sdk.ts";
import type { Boot } from "./boot.ts";
import type { buildShell } from "./shell.ts";

/** What one panel knows and shows; made once per panel (createPanelState), read and written by its parts. */
export type PanelState = {
  locale: Locale;
  items: ThreadItem[];
  hasOlder: boolean;
  loadingOlder: boolean;
  agentReadSeq: number;
  readSeq: number;
  /** The panel is visible: in a frame, as the host page says; on the H5 page, always. */
  open: boolean;
  /** Whether any agent is online: from the page at load, then live from the signal stream ("availability"). */
  online: boolean;
  /** The visitor answered the pre-chat questions in this page (the composer then stays). */
  preChatDone: boolean;
  /** The thread has loaded: only then is it known whether the visitor has written before. */
  threadLoaded: boolean;
  agentTyping: boolean;
  /** The visitor's place in the team's queue, pushed live on the signal stream; null when not waiting. */
  queueStatus: QueueStatus | null;
  soundOn: boolean;
  signalSubscription: { unsubscribe: () => void; forConversation: boolean } | null;
  /** The conversation shown and written into; a send acked into another one (a new conversation) switches to it. */
  currentConversationId: string | null;
  stopThread: (() => void) | null;
  /** Set by "New conversation": the next message starts one. */
  startFresh: boolean;
};

export function createPanelState(boot: Boot, soundOn: boolean): PanelState {
  return {
    locale: boot.locale,
    items: [],
    hasOlder: false,
    loadingOlder: false,
    agentReadSeq: 0,
    readSeq: 0,
    open: !boot.hostOrigin,
    online: boot.online,
    preChatDone: false,
    threadLoaded: false,
    agentTyping: false,
    queueStatus: null,
    soundOn,
    signalSubscription: null,
    currentConversationId: null,
    stopThread: null,
    startFresh: false,
  };
}

/** The panel's parts that every module of it reaches: its boot data, state, DOM, connection and host channel. */
export type Panel = {
  boot: Boot;
  state: PanelState;
  shell: ReturnType<typeof buildShell>;
  connection: VisitorClient;
  /** The connection as the visitor sees it: a calm notice 1 s into a loss, and pending messages marked as waiting. */
  link: ReturnType<typeof linkStateStore>;
  /** Tells this visitor's other tabs that the conversation now exists, so they subscribe too. */
  tabs: BroadcastChannel;
  toHost: <K extends keyof FrameEvents>(type: K, payload: FrameEvents[K]) => void;
};
