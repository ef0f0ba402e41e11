"use client";
import { useMemo } from "react";

/** Suggestions for a time zone input: every IANA zone the browser knows (the server validates the same way). */
export function TimeZoneOptions({ id }: { id: string }) {
  const zones = useMemo(() => Intl.supportedValuesOf("timeZone"), []);
  return (
    <datalist id={id}>
      {zones.map((zone) => (
        <option key={zone} value={zone} />
      ))}
    </datalist>
  );
}
