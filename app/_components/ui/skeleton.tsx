/** A grey placeholder where content is still loading (pulses unless the reader prefers reduced motion). */
export function Skeleton({ className = "" }: { className?: string }) {
  return <span aria-hidden className={`parley-animate block animate-pulse rounded-control bg-surface-muted ${className}`} />;
}
