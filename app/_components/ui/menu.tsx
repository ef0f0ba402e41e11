"use client";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import type { ReactNode } from "react";

/**
 * A menu on Radix's dropdown: keyboard (arrows, typeahead, Escape), focus return and collision-aware placement are
 * solved there, not here.
 */
export function Menu({
  trigger,
  label,
  children,
  align = "end",
}: {
  trigger: ReactNode;
  label: string;
  children: ReactNode;
  align?: "start" | "end";
}) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger
        aria-label={label}
        className="inline-flex items-center gap-1 rounded-control px-2 py-1.5 text-body text-ink hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-accent"
      >
        {trigger}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align={align}
          sideOffset={6}
          className="z-50 min-w-52 rounded-card border border-line bg-surface p-1 text-body text-ink shadow-lg"
        >
          {children}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

export function MenuItem({
  icon,
  children,
  onSelect,
  href,
}: {
  icon?: ReactNode;
  children: ReactNode;
  onSelect?: () => void;
  href?: string;
}) {
  const className = "flex cursor-pointer items-center gap-2 rounded-control px-2 py-1.5 outline-none data-[highlighted]:bg-surface-muted";
  if (href) {
    return (
      <DropdownMenu.Item asChild className={className}>
        <a href={href}>
          {icon}
          {children}
        </a>
      </DropdownMenu.Item>
    );
  }
  return (
    <DropdownMenu.Item className={className} onSelect={onSelect}>
      {icon}
      {children}
    </DropdownMenu.Item>
  );
}

/** A group of controls inside the menu that are not items (a language select); keys typed there stay there. */
export function MenuSection({ label, children }: { label: string; children: ReactNode }) {
  return (
    <fieldset className="px-2 py-1.5" onKeyDown={(event) => event.stopPropagation()}>
      <legend className="mb-1 text-caption text-muted">{label}</legend>
      {children}
    </fieldset>
  );
}

export const MenuSeparator = () => <DropdownMenu.Separator className="my-1 h-px bg-line" />;
