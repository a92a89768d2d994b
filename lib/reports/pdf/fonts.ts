import { existsSync } from "node:fs";
import { Font } from "@react-pdf/renderer";

// Japanese in the PDF: a TrueType font embedded and subset by react-pdf (IPAexGothic from Debian's
// fonts-ipaexfont-gothic by default; MAMORI_PDF_FONT names another .ttf/.otf), and line breaking
// that suits Japanese: any character boundary is a break opportunity except before closing and
// after opening punctuation (kinsoku), Latin words stay whole, and no hyphen is ever inserted.

export const PDF_FONT_FAMILY = "MamoriJP";

const CANDIDATES = [
  "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
  "/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf",
  "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
];

export function pdfFontPath(): string {
  const configured = process.env.MAMORI_PDF_FONT;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`MAMORI_PDF_FONT: no font file at ${configured}`);
    return configured;
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new Error(`no Japanese font for PDFs: install fonts-ipaexfont-gothic or set MAMORI_PDF_FONT (looked in ${CANDIDATES.join(", ")})`);
  return found;
}

/** Characters that may not begin a line (行頭禁則). */
const NO_BREAK_BEFORE = new Set(Array.from("、。，．,.)）]」』】〕〉》’”ー～ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ・:;：；!?！？%％"));
/** Characters that may not end a line (行末禁則). */
const NO_BREAK_AFTER = new Set(Array.from("(（[「『【〔〈《‘“"));
/** Latin punctuation after which a long token (URL, category, file name) may wrap. */
const SOFT_AFTER = new Set(Array.from("-/._:=&?,"));

export const NBSP = "\u00a0";
const isWide = (c: string) => (c.codePointAt(0) ?? 0) >= 0x2e80;

/**
 * Syllables for react-pdf's line breaker. An empty string between two syllables becomes a
 * zero-width break point that never draws a hyphen; there are no other break points because
 * text reaching here has its spaces replaced by no-break spaces (jp()).
 */
export function japaneseSyllables(word: string): string[] {
  const chars = Array.from(word);
  const out: string[] = [];
  let cur = "";
  let run = 0; // length of the current Latin run without a break
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const next = chars[i + 1];
    cur += c;
    run = isWide(c) || c === NBSP ? 0 : run + 1;
    if (next === undefined) break;
    if (next === NBSP || NO_BREAK_BEFORE.has(next) || NO_BREAK_AFTER.has(c)) continue;
    const breakable = c === NBSP || isWide(c) || isWide(next) || (SOFT_AFTER.has(c) && run >= 8) || run >= 24;
    if (breakable) {
      out.push(cur, "");
      cur = "";
      run = 0;
    }
  }
  if (cur) out.push(cur);
  // react-pdf calls this once per script run ("のうち 443/" | "TCP " | "及"…), so the end of a
  // fragment is a boundary with the next one: a break point there unless the fragment ends with
  // an opening bracket. (Closing punctuation belongs to the run before it, never starts one.)
  const last = chars[chars.length - 1];
  if (last !== undefined && !NO_BREAK_AFTER.has(last)) out.push("");
  return out;
}

/** Text for the PDF: ordinary spaces become no-break spaces, so breaks come only from japaneseSyllables. */
export const jp = (s: string | number | null | undefined): string => String(s ?? "").replace(/ /g, NBSP);

let registered = false;
export function registerPdfFonts(): void {
  if (registered) return;
  Font.register({ family: PDF_FONT_FAMILY, src: pdfFontPath() });
  Font.registerHyphenationCallback((word) => japaneseSyllables(word));
  registered = true;
}
