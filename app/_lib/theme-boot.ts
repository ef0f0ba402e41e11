/** Not a client module: app/layout.tsx (a server component) inlines this string before the first paint. */
export const themeStorageKey = "parley.theme";

export const themeBootScript = `(function(){try{var t=localStorage.getItem("${themeStorageKey}");var d=t==="dark"||(t!=="light"&&matchMedia("(prefers-color-scheme: dark)").matches);var e=document.documentElement;e.classList.toggle("dark",d);e.style.colorScheme=d?"dark":"light"}catch(_){}})()`;
