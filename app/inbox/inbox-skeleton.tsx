import { Skeleton } from "@/app/_components/ui/skeleton";

/**
 * The inbox's shape while its code and first data arrive (rendered by the server, so a slow link shows it at once
 * instead of a blank page): header, the conversation list, a thread.
 */
export function InboxSkeleton() {
  return (
    <div data-testid="inbox-skeleton" aria-busy="true" className="flex h-screen flex-col bg-canvas">
      <div className="flex items-center gap-3 border-b border-line bg-surface px-3 py-2">
        <Skeleton className="h-7 w-20" />
        <Skeleton className="h-8 flex-1" />
        <Skeleton className="size-7 rounded-pill" />
      </div>
      <div className="flex min-h-0 flex-1">
        <div className="w-full space-y-3 border-r border-line bg-surface p-3 md:w-80">
          {Array.from({ length: 7 }, (_, row) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows never reorder
            <div key={row} className="flex gap-3">
              <Skeleton className="size-9 shrink-0 rounded-pill" />
              <div className="flex-1 space-y-2">
                <Skeleton className="h-3 w-1/2" />
                <Skeleton className="h-3 w-5/6" />
              </div>
            </div>
          ))}
        </div>
        <div className="hidden flex-1 space-y-4 p-6 md:block">
          <Skeleton className="h-10 w-2/3" />
          <Skeleton className="ml-auto h-10 w-1/2" />
          <Skeleton className="h-10 w-3/5" />
        </div>
      </div>
    </div>
  );
}
