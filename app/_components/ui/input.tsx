"use client";
import type { InputHTMLAttributes, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

/** Sized by its caller (inline rows); `fieldStyle` fills its column. */
export const controlStyle =
  "rounded-control border border-line bg-surface px-3 py-2 text-body text-ink placeholder:text-muted focus-visible:outline-2 focus-visible:outline-accent disabled:opacity-60";
export const fieldStyle = `w-full ${controlStyle}`;

export function Input({ className = "", ...rest }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={`${fieldStyle} ${className}`} {...rest} />;
}

/** A native select (the platform's own picker on phones), styled like the other controls. */
export function Select({ className = "", ...rest }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={`${controlStyle} pr-8 ${className}`} {...rest} />;
}

export function Textarea({ className = "", ...rest }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={`${fieldStyle} ${className}`} {...rest} />;
}
