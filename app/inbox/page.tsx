"use client";
import dynamic from "next/dynamic";

// The inbox lives on its WebSocket; there is nothing useful to render on the server.
const Inbox = dynamic(() => import("./inbox").then((module) => module.Inbox), { ssr: false });

export default function InboxPage() {
  return <Inbox />;
}
