"use client";
import type { ReactNode } from "react";
import { DashboardProviders } from "./_lib/trpc";
import { DashboardShell } from "./_components/shell";

export default function DashboardLayout({ children }: { children: ReactNode }) {
  return (
    <DashboardProviders>
      <DashboardShell>{children}</DashboardShell>
    </DashboardProviders>
  );
}
