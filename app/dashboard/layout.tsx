"use client";
import type { ReactNode } from "react";
import { ToastProvider } from "@/app/_components/ui";
import { TrpcProviders } from "@/app/_lib/trpc";
import { DashboardShell } from "./_components/shell";

export default function DashboardLayout({ children }: { children: ReactNode }) {
  return (
    <TrpcProviders transport="http">
      <ToastProvider>
        <DashboardShell>{children}</DashboardShell>
      </ToastProvider>
    </TrpcProviders>
  );
}
