import { expect, test, type Browser, type Page } from "@playwright/test";
import { agentLogsIn, chatRoundTrip, visitorOpensDemo } from "./support/chat.ts";
import { startServer, type RunningServer } from "./support/server.ts";

/**
 * Every HTML response of the app carries the security headers (CSP with a per-response script nonce, no framing,
 * nosniff, referrer policy, permissions policy; HSTS when PUBLIC_URL is https), and the pages still work under that
 * CSP in Chromium: no violation on the demo page, login, inbox and dashboard, while an injected script is refused.
 */
const appRoutes = [
  "/",
  "/login",
  "/signup",
  "/inbox",
  "/dashboard",
  "/dashboard/agents",
  "/dashboard/audit",
  "/dashboard/bot",
  "/dashboard/canned",
  "/dashboard/labels",
  "/dashboard/reports",
  "/dashboard/sites",
  "/dashboard/sites/no-such-site/widget",
  "/dashboard/system",
  "/dashboard/teams",
  "/dashboard/tokens",
  "/dashboard/webhooks",
  "/invite/not-a-real-token",
  "/no-such-page",
];

let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

test("every page of the app: CSP with a fresh nonce on every script, no framing, nosniff, referrer and permissions policies", async ({
  request,
}) => {
  const nonces = new Set<string>();
  for (const route of appRoutes) {
    const response = await request.get(`${server.url}${route}`, { maxRedirects: 0 });
    expect(response.status(), route).toBe(route === "/no-such-page" ? 404 : 200);
    const headers = response.headers();
    expect(headers["content-type"], route).toContain("text/html");
    const csp = headers["content-security-policy"] ?? "";
    const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'(;|$)/.exec(csp)?.[1];
    expect(nonce, `${route}: ${csp}`).toBeTruthy();
    nonces.add(nonce!);
    for (const directive of [
      "default-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "frame-ancestors 'none'",
      "form-action 'self'",
    ]) {
      expect(csp, route).toContain(directive);
    }
    expect(csp, route).not.toContain("unsafe-eval");
    expect(headers["x-frame-options"], route).toBe("DENY");
    expect(headers["x-content-type-options"], route).toBe("nosniff");
    expect(headers["referrer-policy"], route).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"], route).toContain("microphone=()");
    expect(headers["permissions-policy"], route).toContain("camera=()");
    expect(headers["strict-transport-security"], `${route}: PUBLIC_URL is http`).toBeUndefined();
    // Every script Next wrote carries this response's nonce; one without it would be blocked (and the page broken).
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length, route).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, route).toContain(`nonce="${nonce}"`);
  }
  expect(nonces.size).toBe(appRoutes.length);

  // The widget panel keeps its own policy: framable by the site's origins, the microphone for voice notes.
  for (const route of [`/widget/panel?site=demo&host=${encodeURIComponent(server.url)}`, "/chat/demo"]) {
    const headers = (await request.get(`${server.url}${route}`)).headers();
    expect(headers["content-security-policy"], route).toMatch(/^frame-ancestors (?!'none')/);
    expect(headers["x-frame-options"], route).toBeUndefined();
    expect(headers["permissions-policy"], route).toContain("microphone=(self)");
    expect(headers["x-content-type-options"], route).toBe("nosniff");
    expect(headers["referrer-policy"], route).toBe("strict-origin-when-cross-origin");
  }
});

test("HSTS when PUBLIC_URL is https, on pages and on the API alike", async ({ request }) => {
  const https = await startServer({ PUBLIC_URL: "https://chat.example.test" });
  try {
    for (const route of ["/", "/login", "/healthz", "/widget/config?site=demo"]) {
      expect((await request.get(`${https.url}${route}`)).headers()["strict-transport-security"], route).toBe(
        "max-age=31536000; includeSubDomains",
      );
    }
  } finally {
    expect(await https.stop()).toBe(0);
  }
});

/** Records CSP violations the page reports, both as events and as console errors. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  await page.exposeFunction("__reportCspViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation(
        `${event.violatedDirective} blocked ${event.blockedURI} at ${location.pathname} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  return violations;
}

async function watchedPage(browser: Browser) {
  const page = await (await browser.newContext()).newPage();
  return { page, violations: await watchViolations(page) };
}

test("the pages work under the CSP: no violations on /, /login, /inbox and the dashboard; an injected script is refused", async ({
  browser,
}) => {
  const login = await watchedPage(browser);
  await login.page.goto(`${server.url}/login`);
  await login.page.getByLabel("Email").fill("admin@demo.parley.local");
  await expect(login.page.getByLabel("Email")).toHaveValue("admin@demo.parley.local");
  expect(login.violations).toEqual([]);

  const agent = await agentLogsIn(browser, server.url);
  const agentViolations = await watchViolations(agent);
  await agent.reload();
  await expect(agent.getByRole("heading", { name: "Inbox" })).toBeVisible();
  const visitor = await visitorOpensDemo(browser, server.url);
  const visitorViolations = await watchViolations(visitor);
  await visitor.reload();
  await expect(visitor.getByPlaceholder("Type your message…")).toBeEnabled();
  await chatRoundTrip(visitor, agent, "does the CSP let us talk?", "It does.");

  for (const section of ["", "/sites", "/webhooks", "/reports", "/bot"]) {
    await agent.goto(`${server.url}/dashboard${section}`);
    await expect(agent.getByRole("navigation", { name: "Dashboard sections" })).toBeVisible();
    await expect(agent.getByRole("heading", { level: 1 })).toBeVisible();
  }
  await agent.screenshot({ path: "test-results/csp-dashboard.png" });
  expect(agentViolations).toEqual([]);
  expect(visitorViolations).toEqual([]);

  // Proof the policy is enforced, not just sent: injected markup's inline handler does not run.
  await agent.evaluate(() => {
    const button = document.createElement("button");
    button.setAttribute("onclick", "window.__injected = true");
    document.body.append(button);
    button.click();
  });
  expect(await agent.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  await expect.poll(() => agentViolations.some((text) => text.startsWith("script-src"))).toBe(true);
});

test("another page cannot frame the signed-in inbox", async ({ browser }) => {
  const agent = await agentLogsIn(browser, server.url);
  // A page of another origin ("localhost" instead of 127.0.0.1) frames /inbox with the agent's session cookie.
  const framer = await agent.context().newPage();
  const otherOrigin = server.url.replace("127.0.0.1", "localhost");
  await framer.route(`${otherOrigin}/framer`, (route) =>
    route.fulfill({ contentType: "text/html", body: `<iframe id="victim" src="${server.url}/inbox" width="800" height="600"></iframe>` }),
  );
  await framer.goto(`${otherOrigin}/framer`);
  // Chromium replaces a frame refused by frame-ancestors with its error page; the inbox never renders inside.
  const victim = () => framer.frames().find((candidate) => candidate !== framer.mainFrame());
  await expect.poll(() => victim()?.url()).toBe("chrome-error://chromewebdata/");
  await framer.screenshot({ path: "test-results/csp-framed-inbox-refused.png" });
});
