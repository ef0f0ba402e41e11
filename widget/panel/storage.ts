/**
 * localStorage when the browser lets a third-party frame have it, else memory for this page's life: a blocked
 * storage must never stop the chat (Chromium denies it to cross-site frames when third-party storage is off).
 */
const memory = new Map<string, string>();

export const panelStorage = {
  get(key: string): string | null {
    try {
      return localStorage.getItem(key);
    } catch {
      return memory.get(key) ?? null;
    }
  },
  set(key: string, value: string) {
    try {
      localStorage.setItem(key, value);
    } catch {
      memory.set(key, value);
    }
  },
};

/** This tab only (sessionStorage, else memory): what should survive a page change on the site but not the tab. */
export const tabStorage = {
  get(key: string): string | null {
    try {
      return sessionStorage.getItem(key);
    } catch {
      return memory.get(`tab:${key}`) ?? null;
    }
  },
  set(key: string, value: string) {
    try {
      sessionStorage.setItem(key, value);
    } catch {
      memory.set(`tab:${key}`, value);
    }
  },
};

export function randomDeviceId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

const deviceIdPattern = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The visitor's device id: given by the app (H5 page), else handed over by the loader in the URL fragment (kept in
 * the host page's own storage, so it survives wherever third-party storage does not; a fragment never reaches a
 * server or a referrer), else this frame's storage.
 */
export function deviceIdFor(siteKey: string, given: string | null): string {
  const fromHost = new URLSearchParams(location.hash.slice(1)).get("device");
  if (given && deviceIdPattern.test(given)) return given;
  if (fromHost && deviceIdPattern.test(fromHost)) return fromHost;
  const key = `parley:device:${siteKey}`;
  const stored = panelStorage.get(key);
  if (stored) return stored;
  const id = randomDeviceId();
  panelStorage.set(key, id);
  return id;
}
