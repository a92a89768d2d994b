// Syslog-over-TCP framing (RFC 6587), both kinds on one connection, told apart per frame:
//   octet counting:      "<LEN> <MSG>"  (LEN = decimal byte count, no leading zero; RFC 5425 for TLS)
//   non-transparent:     "<MSG>\n"     (LF-terminated; a trailing CR or NUL is dropped)
// A frame that starts with a digit is octet-counted only if the digits are followed by a space;
// a bare PAN-OS line ("1,2021/12/01 …\n") therefore still reads as newline-framed.
//
// Written here rather than taken from npm: the syslog packages on the registry parse headers
// (glossy, syslog-parse) or are unmaintained servers; none exposes a byte-level, bounded,
// incremental RFC 6587 decoder, and this one is ~80 lines with its own tests.

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const SP = 0x20;

export interface FramerStats {
  /** Frames cut because they exceeded maxFrame bytes without a newline. */
  oversized: number;
}

export class SyslogFramer {
  private carry: Buffer = Buffer.alloc(0);
  readonly stats: FramerStats = { oversized: 0 };

  constructor(private readonly maxFrame = 64 * 1024) {}

  /** Feeds bytes; returns the complete messages they finish, without line ends. Memory stays within maxFrame. */
  push(chunk: Buffer): Buffer[] {
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const out: Buffer[] = [];
    let pos = 0;
    const n = buf.length;
    while (pos < n) {
      const c = buf[pos]!;
      if (c === LF || c === CR || c === NUL) {
        pos++; // stray separators between frames
        continue;
      }
      if (c >= 0x31 && c <= 0x39) {
        // Maybe octet counting: digits then a space.
        let i = pos;
        let len = 0;
        while (i < n && i - pos < 10 && buf[i]! >= 0x30 && buf[i]! <= 0x39) len = len * 10 + (buf[i++]! - 0x30);
        if (i === n) break; // need more bytes to decide
        if (buf[i] === SP && len <= this.maxFrame) {
          const start = i + 1;
          if (start + len > n) break; // wait for the whole frame
          const msg = trimEnd(buf.subarray(start, start + len));
          if (msg.length) out.push(oneLine(msg));
          pos = start + len;
          continue;
        }
        // Not octet counting (or an absurd length): read it as a newline-framed line.
      }
      const lf = buf.indexOf(LF, pos);
      if (lf < 0) {
        if (n - pos > this.maxFrame) {
          // No newline within maxFrame: cut here rather than buffer without bound.
          out.push(buf.subarray(pos, pos + this.maxFrame));
          this.stats.oversized++;
          pos += this.maxFrame;
          continue;
        }
        break;
      }
      const msg = trimEnd(buf.subarray(pos, lf));
      if (msg.length) out.push(msg);
      pos = lf + 1;
    }
    // Copy the remainder so the big chunk it came from can be freed.
    this.carry = pos < n ? Buffer.from(buf.subarray(pos)) : Buffer.alloc(0);
    return out;
  }

  /** What is left at end of stream (a last line without its newline). */
  end(): Buffer[] {
    const rest = trimEnd(this.carry);
    this.carry = Buffer.alloc(0);
    return rest.length ? [oneLine(rest)] : [];
  }
}

function trimEnd(b: Buffer): Buffer {
  let e = b.length;
  while (e > 0 && (b[e - 1] === LF || b[e - 1] === CR || b[e - 1] === NUL)) e--;
  return e === b.length ? b : b.subarray(0, e);
}

/** The spool is one message per line: a newline inside an octet-counted message becomes a space. */
export function oneLine(b: Buffer): Buffer {
  if (b.indexOf(LF) < 0 && b.indexOf(CR) < 0) return b;
  const c = Buffer.from(b);
  for (let i = 0; i < c.length; i++) if (c[i] === LF || c[i] === CR) c[i] = SP;
  return c;
}

/** A UDP datagram (RFC 5426: one message each; some senders pack several, newline-separated). */
export function datagramMessages(msg: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let pos = 0;
  while (pos < msg.length) {
    let lf = msg.indexOf(LF, pos);
    if (lf < 0) lf = msg.length;
    const m = trimEnd(msg.subarray(pos, lf));
    let s = 0;
    while (s < m.length && (m[s] === CR || m[s] === NUL)) s++;
    if (m.length > s) out.push(m.subarray(s));
    pos = lf + 1;
  }
  return out;
}
