/**
 * The fields of `draft` that differ from what was loaded, so a save sends only what the person changed: a value that
 * never loaded (or loaded late) can then never overwrite the stored one (issue #13, defect 1).
 */
export function changedFields<T extends Record<string, unknown>>(loaded: T, draft: T): Partial<T> {
  const changes: Partial<T> = {};
  for (const key of Object.keys(draft) as (keyof T)[]) {
    if (JSON.stringify(draft[key]) !== JSON.stringify(loaded[key])) changes[key] = draft[key];
  }
  return changes;
}
