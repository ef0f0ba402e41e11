/**
 * Runs in the panel's page before the panel's bundle (server/http/widget.ts puts it first), so it sees the bundle
 * fail even when the bundle dies on its first line. Reports to /widget/beacon, at most three times a page: "ok" once
 * the panel has drawn itself, "boot" when its bundle failed to load or threw before that, "error" for an uncaught
 * error after it. Only the release id, the device id and that one word are sent: never a message or a stack.
 */
type Kind = "ok" | "boot" | "error";

const boot = JSON.parse(document.getElementById("parley-boot")?.textContent ?? "{}") as { release?: string; deviceId?: string | null };
const device = new URLSearchParams(location.hash.slice(1)).get("device") ?? boot.deviceId;
let reports = 0;
let drawn = false;
let failed = false;

function report(kind: Kind) {
  if (!boot.release || !device || reports >= 3) return;
  reports++;
  const body = JSON.stringify({ r: boot.release, d: device, k: kind });
  if (!navigator.sendBeacon?.("/widget/beacon", body))
    void fetch("/widget/beacon", { method: "POST", body, keepalive: true }).catch(() => {});
}

/** Before the panel has drawn, one "boot" report however many errors follow; after it, each error (up to the cap). */
function fail() {
  if (failed && !drawn) return;
  failed = true;
  report(drawn ? "error" : "boot");
}

addEventListener(
  "error",
  (event) => {
    // Runtime errors, and a bundle that did not load; not a broken avatar image (resource errors of other elements).
    const target = event.target as Element | null;
    if (event instanceof ErrorEvent || target?.tagName === "SCRIPT" || target?.tagName === "LINK") fail();
  },
  true,
);
addEventListener("unhandledrejection", fail);
addEventListener("load", () =>
  setTimeout(() => {
    // The panel draws into <body> as it boots.
    drawn = document.body.childElementCount > 0;
    if (!failed) report(drawn ? "ok" : "boot");
  }, 1000),
);
