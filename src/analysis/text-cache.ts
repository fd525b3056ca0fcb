// Facts derived from one declaration's text, cached by that text (and a key for what else they
// read, such as the file's imports), so a keystroke recomputes only the declaration it changed.
// Keyed in two levels so no key string is built from a whole declaration; bounded in total.

export class DeclarationTextCache<T> {
  private byKey = new Map<string, Map<string, T>>();
  private size = 0;

  constructor(private readonly maxEntries = 20_000) {}

  get(key: string, text: string, compute: () => T): T {
    const hit = this.byKey.get(key)?.get(text);
    if (hit !== undefined) return hit;
    const value = compute();
    if (this.size >= this.maxEntries) this.clear();
    let byText = this.byKey.get(key);
    if (!byText) this.byKey.set(key, (byText = new Map()));
    byText.set(text, value);
    this.size++;
    return value;
  }

  private clear(): void {
    this.byKey.clear();
    this.size = 0;
  }
}
