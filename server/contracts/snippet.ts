/**
 * The embed snippet, from this one place: the dashboard shows it, the demo page at / embeds it, the README prints it
 * (tests/unit/snippet.test.ts keeps the README in step). The first line queues `Parley(...)` calls made before the
 * loader arrives; the loader replays them.
 */
export const queueStub = "window.Parley=window.Parley||function(){(Parley.q=Parley.q||[]).push(arguments)};";

export function loaderUrl(appUrl: string): string {
  return `${appUrl.replace(/\/$/, "")}/widget/loader.js`;
}

export function embedSnippet(appUrl: string, siteKey: string): string {
  return `<script>${queueStub}</script>\n<script async src="${loaderUrl(appUrl)}" data-site="${siteKey}"></script>`;
}
