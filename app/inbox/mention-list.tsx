"use client";
import { Avatar } from "@/app/_components/ui";
import type { AgentSummary } from "@/server/contracts/inbox";
import type { InboxT } from "./inbox-i18n";

const statusDot = { online: "bg-emerald-500", away: "bg-amber-400", offline: "bg-slate-400" } as const;

export const mentionListId = "mention-list";
export const mentionOptionId = (index: number) => `mention-option-${index}`;

/**
 * The colleagues a note can mention, under the composer: the listbox of the composer's combobox (the WAI-ARIA
 * pattern with aria-activedescendant, so focus stays in the text while arrows move the highlight). Mouse picks too.
 */
export function MentionList({
  t,
  people,
  active,
  onPick,
}: {
  t: InboxT;
  people: AgentSummary[];
  active: number;
  onPick: (person: AgentSummary) => void;
}) {
  return (
    <ul
      id={mentionListId}
      role="listbox"
      aria-label={t("mentionList")}
      className="absolute bottom-full left-3 right-3 z-10 mb-1 max-h-64 overflow-y-auto rounded-card bg-surface p-1 shadow-lg ring-1 ring-line sm:right-auto sm:w-80"
    >
      {people.map((person, index) => (
        // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard picks from the text box (arrows, Enter, Tab), as the combobox pattern has it
        <li
          key={person.id}
          id={mentionOptionId(index)}
          role="option"
          aria-selected={index === active}
          data-testid="mention-choice"
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => onPick(person)}
          className={`flex cursor-pointer items-center gap-2 rounded-control px-2 py-1.5 text-body ${index === active ? "bg-accent-soft" : "hover:bg-surface-muted"}`}
        >
          <span className="relative">
            <Avatar name={person.name} size={24} />
            <span
              className={`absolute -bottom-0.5 -right-0.5 size-2.5 rounded-full ring-2 ring-surface ${statusDot[person.status]}`}
              aria-hidden
            />
          </span>
          <span className="min-w-0 flex-1 truncate font-medium">{person.name}</span>
          <span className="shrink-0 truncate text-caption text-muted">{t(person.status)}</span>
        </li>
      ))}
    </ul>
  );
}
