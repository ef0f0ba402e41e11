/** Initials on a colour picked from the name (the same person always gets the same colour), or their picture. */
const colours = ["#4f46e5", "#0d9488", "#d97706", "#db2777", "#2563eb", "#7c3aed", "#059669", "#dc2626"];

export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "?";
  const first = [...words[0]!][0] ?? "";
  const last = words.length > 1 ? ([...words[words.length - 1]!][0] ?? "") : "";
  return (first + last).toUpperCase();
}

function colourOf(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return colours[hash % colours.length]!;
}

export function Avatar({ name, src, size = 28 }: { name: string; src?: string | null; size?: number }) {
  const style = { width: size, height: size, fontSize: Math.round(size * 0.38) };
  if (src) return <img src={src} alt="" style={style} className="rounded-pill object-cover" />;
  return (
    <span
      aria-hidden
      style={{ ...style, background: colourOf(name) }}
      className="inline-flex shrink-0 items-center justify-center rounded-pill font-semibold text-white"
    >
      {initialsOf(name)}
    </span>
  );
}
