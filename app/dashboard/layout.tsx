"use client";
import type { ReactNode } from "react";
import { ToastProvider } from "@/app/_components/ui";
import { DashboardProviders } from "./_lib/trpc";
import { DashboardShell } from "./_components/shell";

export default function DashboardLayout({ children }: { children: ReactNode }) {
  return (
    <DashboardProviders>
      <ToastProvider>
        <DashboardShell>{children}</DashboardShell>
      </ToastProvider>
    </DashboardProviders>
  );
}
