"use client";
import dynamic from "next/dynamic";
import { InboxSkeleton } from "./inbox-skeleton";

// The inbox lives on its WebSocket; there is nothing useful to render on the server but its outline.
const Inbox = dynamic(() => import("./inbox").then((module) => module.Inbox), { ssr: false, loading: InboxSkeleton });

export default function InboxPage() {
  return <Inbox />;
}
