"use client";
import type { ButtonHTMLAttributes, ReactNode } from "react";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger";

const base =
  "inline-flex items-center justify-center gap-1.5 rounded-control px-3 py-2 text-body font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent disabled:cursor-not-allowed disabled:opacity-50";
const variants: Record<ButtonVariant, string> = {
  primary: "bg-accent text-on-accent hover:bg-accent-strong",
  secondary: "bg-surface text-ink ring-1 ring-line hover:bg-surface-muted",
  ghost: "text-ink hover:bg-surface-muted",
  danger: "text-danger ring-1 ring-danger/40 hover:bg-danger-soft",
};

/** The class of a button (also for links that look like one). */
export function buttonStyle(variant: ButtonVariant = "primary", extra = ""): string {
  return `${base} ${variants[variant]} ${extra}`.trim();
}

export function Button({
  variant = "primary",
  icon,
  children,
  className = "",
  type = "button",
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; icon?: ReactNode }) {
  return (
    <button type={type} className={buttonStyle(variant, className)} {...rest}>
      {icon}
      {children}
    </button>
  );
}
