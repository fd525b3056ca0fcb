// Go's string order: byte by byte (UTF-16 code units give the same order for the ASCII import
// paths and rule ids compared here). It is what gofmt sorts import specs by; localeCompare is
// not (it puts `_` before `-`), and its first call loads ICU collation (~16 ms at server start).
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
