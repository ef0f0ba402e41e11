"use client";
import { useState, type ReactNode } from "react";
import { Button, buttonStyle, controlStyle, fieldStyle } from "@/app/_components/ui";

/** The dashboard's controls come from the design system (app/_components/ui); these names are what its pages use. */
export const controlClass = controlStyle;
export const inputClass = fieldStyle;
export const buttonClass = buttonStyle("primary");
export const secondaryButtonClass = buttonStyle("secondary");
export const dangerButtonClass = buttonStyle("danger");

export function Card({ title, children, actions }: { title: ReactNode; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="space-y-4 rounded-card bg-surface p-5 text-ink shadow-sm ring-1 ring-line">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-title font-semibold">{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** A labelled control: the label names the control for screen readers. */
export function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children}
    </div>
  );
}

/** A failed call's message, read out when it appears. */
export function ErrorText({ error }: { error: { message: string } | null | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="text-body text-danger">
      {error.message}
    </p>
  );
}

export function SavedText({ show, text }: { show: boolean; text: string }) {
  return (
    <span role="status" className="text-body text-success">
      {show ? text : ""}
    </span>
  );
}

export function CopyButton({ text, label, doneLabel }: { text: string; label: string; doneLabel: string }) {
  const [done, setDone] = useState(false);
  return (
    <Button
      variant="secondary"
      onClick={async () => {
        await copyText(text);
        setDone(true);
        setTimeout(() => setDone(false), 2000);
      }}
    >
      {done ? doneLabel : label}
    </Button>
  );
}

/** The Clipboard API exists only in secure contexts; a plain-HTTP install falls back to the older copy command. */
async function copyText(text: string) {
  if (navigator.clipboard) return navigator.clipboard.writeText(text);
  const area = document.createElement("textarea");
  area.value = text;
  document.body.append(area);
  area.select();
  document.execCommand("copy");
  area.remove();
}
