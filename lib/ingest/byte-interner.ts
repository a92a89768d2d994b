/**
 * Strings for short byte ranges that recur on every line (subtypes, actions, protocols, URL
 * categories), found by their bytes: a value seen before costs a hash and a compare, and no
 * string. Hand-written because a Map can only be asked with the string it would save making.
 * Open addressing on an FNV-1a hash; bytes are ASCII (the ingest's byte lane), so a string's
 * char codes are its bytes.
 */
export class ByteInterner {
  private strings: (string | undefined)[];
  private hashes: Int32Array;
  private mask: number;
  private size = 0;

  constructor(
    /** longer values are not kept: a fresh string each time */
    private readonly maxLength = 64,
    /** distinct values kept before the table starts over (bounds memory on a feed of unique values) */
    private readonly maxSize = 1 << 14,
  ) {
    this.strings = new Array<string | undefined>(1024);
    this.hashes = new Int32Array(1024);
    this.mask = 1023;
  }

  /** The string of bytes[a … b), ASCII. `text` makes it when it is new. */
  get(bytes: Uint8Array, a: number, b: number, text: (a: number, b: number) => string): string {
    const len = b - a;
    if (len > this.maxLength) return text(a, b);
    let h = 0x811c9dc5 | 0;
    for (let i = a; i < b; i++) h = Math.imul(h ^ bytes[i]!, 16777619);
    const mask = this.mask;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const s = this.strings[slot];
      if (s === undefined) break;
      if (this.hashes[slot] === h && s.length === len && sameBytes(s, bytes, a)) return s;
    }
    if (this.size >= this.maxSize) this.clear();
    else if (2 * (this.size + 1) > this.mask) this.grow();
    const s = text(a, b);
    this.insert(s, h);
    return s;
  }

  private insert(s: string, h: number): void {
    const mask = this.mask;
    let slot = h & mask;
    while (this.strings[slot] !== undefined) slot = (slot + 1) & mask;
    this.strings[slot] = s;
    this.hashes[slot] = h;
    this.size++;
  }

  private grow(): void {
    const strings = this.strings;
    const hashes = this.hashes;
    const n = strings.length * 2;
    this.strings = new Array<string | undefined>(n);
    this.hashes = new Int32Array(n);
    this.mask = n - 1;
    this.size = 0;
    for (let i = 0; i < strings.length; i++) if (strings[i] !== undefined) this.insert(strings[i]!, hashes[i]!);
  }

  private clear(): void {
    this.strings.fill(undefined);
    this.size = 0;
  }
}

function sameBytes(s: string, bytes: Uint8Array, a: number): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== bytes[a + i]) return false;
  return true;
}
