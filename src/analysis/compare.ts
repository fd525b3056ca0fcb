// Orders and searches in them.

/**
 * Go's string order: byte by byte (UTF-16 code units give the same order for the ASCII import
 * paths and rule ids compared here). It is what gofmt sorts import specs by; localeCompare is
 * not (it puts `_` before `-`), and its first call loads ICU collation (~16 ms at server start).
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The last index whose value is at most `value` in an ascending array (0 when none is): which line or piece holds an offset. */
export function lastAtMost(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
