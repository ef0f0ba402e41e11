"use client";
import { useQuery } from "@tanstack/react-query";
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from "react";
import { blankCannedVariables, fillCannedVariables, type CannedResponseView } from "@/server/contracts/inbox";
import { limits } from "@/server/contracts/limits";
import { LockIcon } from "@/app/_components/thread-view";
import { AttachButton, UploadList, useFileUpload } from "./attach-files";
import { fuzzyMatches } from "./canned-logic";
import type { InboxT } from "./inbox-i18n";
import { insertMention, matchColleagues, mentionAt } from "./mention-logic";
import { MentionList, mentionListId, mentionOptionId } from "./mention-list";
import { useTRPC, useTRPCClient } from "@/app/_lib/trpc";

export type ComposerMode = "reply" | "note";
export type ComposerHandle = { focus: (mode: ComposerMode) => void; openCanned: () => void };

/**
 * The reply box. Enter sends, Shift+Enter is a new line; a leading `/` opens canned responses (arrows + Enter pick
 * one, its variables filled in); the note toggle (or `n`) switches to a private note, drawn in amber, where `@` opens
 * the colleagues to mention (arrows, Enter or Tab to pick, Esc to close). Both lists hang off the box as a combobox.
 */
export const Composer = forwardRef<
  ComposerHandle,
  { t: InboxT; conversationId: string; variables: Record<string, string | null>; onSend: (mode: ComposerMode, body: string) => void }
>(function Composer({ t, conversationId, variables, onSend }, ref) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const canned = useQuery(trpc.agent.workspace.canned.list.queryOptions());
  const agents = useQuery(trpc.agent.workspace.agents.queryOptions());
  const myId = useQuery(trpc.auth.me.queryOptions()).data?.userId;
  const [mode, setMode] = useState<ComposerMode>("reply");
  const [text, setText] = useState("");
  /** Variables of the canned response just inserted that had no value for this visitor: warned about until sent. */
  const [blank, setBlank] = useState<string[]>([]);
  const [picked, setPicked] = useState(0);
  const [suggesting, setSuggesting] = useState(false);
  const [suggestError, setSuggestError] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  /** Where the mention closed with Esc starts: it stays closed until another @ is typed. */
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const caretAfterInsert = useRef<number | null>(null);
  const files = useFileUpload(conversationId);
  const typingSentAt = useRef(0);
  const stopTyping = useRef<ReturnType<typeof setTimeout> | null>(null);

  useImperativeHandle(ref, () => ({
    focus: (next) => {
      setMode(next);
      box.current?.focus();
    },
    openCanned: () => {
      setText("/");
      box.current?.focus();
    },
  }));
  useEffect(() => () => void (stopTyping.current && clearTimeout(stopTyping.current)), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs after the text an insert made has rendered
  useEffect(() => {
    if (caretAfterInsert.current === null) return;
    box.current?.setSelectionRange(caretAfterInsert.current, caretAfterInsert.current);
    setCaret(caretAfterInsert.current);
    caretAfterInsert.current = null;
  }, [text]);

  const query = text.startsWith("/") && !text.includes("\n") ? text.slice(1) : null;
  const choices = query === null ? [] : (canned.data ?? []).filter((item) => fuzzyMatches(query, item)).slice(0, 8);
  const typedMention = mode === "note" ? mentionAt(text, caret) : null;
  const mention = typedMention && typedMention.start !== dismissedAt ? typedMention : null;
  const colleagues = (agents.data ?? []).filter((person) => person.id !== myId);
  const people = mention ? matchColleagues(colleagues, mention.query) : [];
  const listOpen = choices.length > 0 || people.length > 0;

  function mentionPerson(name: string) {
    if (!mention) return;
    const next = insertMention(text, mention, name);
    caretAfterInsert.current = next.caret;
    setText(next.text);
    setPicked(0);
  }

  function typing() {
    if (mode === "note") return;
    if (Date.now() - typingSentAt.current > 2000) {
      typingSentAt.current = Date.now();
      void client.agent.typing.mutate({ conversationId, typing: true }).catch(() => {});
    }
    if (stopTyping.current) clearTimeout(stopTyping.current);
    stopTyping.current = setTimeout(() => {
      typingSentAt.current = 0;
      void client.agent.typing.mutate({ conversationId, typing: false }).catch(() => {});
    }, 3000);
  }

  function pick(item: CannedResponseView) {
    setText(fillCannedVariables(item.body, variables));
    setBlank(blankCannedVariables(item.body, variables));
    setPicked(0);
  }

  /** Drafts a reply with the site's LLM into the box; the agent edits and sends it (or not). */
  async function suggest() {
    setSuggesting(true);
    setSuggestError(null);
    try {
      const { draft } = await client.agent.assist.suggest.mutate({ conversationId });
      setMode("reply");
      setText(draft);
      box.current?.focus();
    } catch (failure) {
      setSuggestError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setSuggesting(false);
    }
  }

  function submit() {
    const body = text.trim();
    if (!body || query !== null) return;
    onSend(mode, body);
    setText("");
    setBlank([]);
  }

  const note = mode === "note";
  return (
    <form
      className={`relative border-t p-3 ${note ? "border-amber-300 bg-amber-50 dark:border-amber-700 dark:bg-amber-950/40" : "border-slate-200 dark:border-slate-800"}`}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {people.length > 0 && (
        <MentionList t={t} people={people} active={picked % people.length} onPick={(person) => mentionPerson(person.name)} />
      )}
      {choices.length > 0 && (
        <ul
          id="canned-list"
          role="listbox"
          aria-label={t("canned")}
          className="absolute bottom-full left-3 right-3 mb-1 max-h-64 overflow-y-auto rounded-lg bg-white shadow-lg ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700"
        >
          {choices.map((item, index) => (
            <li key={item.id} id={`canned-option-${index}`} role="option" aria-selected={index === picked}>
              <button
                type="button"
                data-testid="canned-choice"
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => pick(item)}
                className={`block w-full px-3 py-2 text-left text-sm ${index === picked ? "bg-indigo-50 dark:bg-slate-800" : ""}`}
              >
                <span className="font-mono text-xs text-indigo-700 dark:text-indigo-300">/{item.shortcut}</span>{" "}
                <span className="font-medium">{item.title}</span>
                {/* What will be inserted, filled in for this visitor. */}
                <span className="block truncate text-xs text-slate-500 dark:text-slate-400" data-testid="canned-preview">
                  {fillCannedVariables(item.body, variables)}
                </span>
                {blankCannedVariables(item.body, variables).length > 0 && (
                  <span className="block text-xs text-amber-700 dark:text-amber-400">
                    {t("cannedBlank", {
                      names: blankCannedVariables(item.body, variables)
                        .map((name) => `{{${name}}}`)
                        .join(", "),
                    })}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="mb-2 flex items-center gap-1 text-xs">
        <div role="radiogroup" aria-label={t("composeMode")} className="flex gap-1">
          {(["reply", "note"] as ComposerMode[]).map((option) => (
            <button
              key={option}
              type="button"
              role="radio"
              aria-checked={mode === option}
              onClick={() => setMode(option)}
              className={`rounded-md px-2 py-1 font-medium focus-visible:outline-2 focus-visible:outline-indigo-500 ${
                mode === option
                  ? option === "note"
                    ? "bg-amber-200 text-amber-950"
                    : "bg-indigo-100 text-indigo-800 dark:bg-indigo-900 dark:text-indigo-100"
                  : "text-slate-600 dark:text-slate-400"
              }`}
            >
              {option === "note" ? (
                <>
                  <LockIcon /> {t("note")}
                </>
              ) : (
                t("reply")
              )}
            </button>
          ))}
        </div>
        <button
          type="button"
          onClick={() => void suggest()}
          disabled={suggesting}
          className="ml-auto rounded-md px-2 py-1 font-medium text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-500 disabled:opacity-60 dark:text-indigo-300 dark:hover:bg-slate-800"
        >
          {suggesting ? t("suggesting") : t("suggestReply")}
        </button>
      </div>
      <UploadList state={files} />
      {blank.length > 0 && (
        <p role="status" data-testid="canned-blank" className="mb-2 text-xs text-amber-700 dark:text-amber-400">
          {t("cannedBlank", { names: blank.map((name) => `{{${name}}}`).join(", ") })}
        </p>
      )}
      {suggestError && (
        <p role="alert" className="mb-2 text-xs text-red-700 dark:text-red-300">
          {suggestError}
        </p>
      )}
      <div className="flex gap-2">
        {mode === "reply" && <AttachButton onFiles={files.upload} />}
        <label htmlFor="composer" className="sr-only">
          {note ? t("note") : t("reply")}
        </label>
        <textarea
          id="composer"
          ref={box}
          rows={2}
          data-mode={mode}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={listOpen}
          aria-controls={people.length > 0 ? mentionListId : "canned-list"}
          aria-activedescendant={
            people.length > 0 ? mentionOptionId(picked % people.length) : choices.length > 0 ? `canned-option-${picked}` : undefined
          }
          className="min-w-0 flex-1 resize-none rounded-lg border border-slate-300 bg-white px-3 py-2 text-base focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-slate-700 dark:bg-slate-950"
          placeholder={note ? t("notePlaceholder") : t("replyPlaceholder")}
          value={text}
          maxLength={limits.messageBody}
          onPaste={(event) => {
            const pasted = [...event.clipboardData.files];
            if (mode !== "reply" || pasted.length === 0) return;
            event.preventDefault();
            files.upload(pasted);
          }}
          onChange={(event) => {
            setText(event.target.value);
            setCaret(event.target.selectionStart);
            setPicked(0);
            typing();
          }}
          onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
          onKeyDown={(event) => {
            if (people.length > 0 && mention) {
              const key = event.key;
              if (key === "ArrowDown" || key === "ArrowUp") {
                event.preventDefault();
                setPicked((index) => (index + (key === "ArrowDown" ? 1 : people.length - 1)) % people.length);
                return;
              }
              if ((key === "Enter" || key === "Tab") && !event.shiftKey && !event.nativeEvent.isComposing) {
                event.preventDefault();
                mentionPerson((people[picked % people.length] ?? people[0]!).name);
                return;
              }
              if (key === "Escape") {
                event.preventDefault();
                setDismissedAt(mention.start);
                return;
              }
            }
            if (choices.length > 0 && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
              event.preventDefault();
              setPicked((index) => (index + (event.key === "ArrowDown" ? 1 : choices.length - 1)) % choices.length);
            } else if (event.key === "Escape") {
              if (query !== null) setText("");
              else box.current?.blur();
            } else if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              if (choices.length > 0) pick(choices[picked] ?? choices[0]!);
              else submit();
            }
          }}
        />
        <button
          type="submit"
          disabled={text.trim() === "" || query !== null}
          className={`rounded-lg px-4 py-2 font-medium text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:opacity-50 ${
            note ? "bg-amber-600 hover:bg-amber-700" : "bg-indigo-600 hover:bg-indigo-700"
          }`}
        >
          {note ? t("addNote") : t("send")}
        </button>
      </div>
    </form>
  );
});
