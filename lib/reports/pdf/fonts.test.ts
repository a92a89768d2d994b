import { describe, expect, it } from "vitest";
import { NBSP, japaneseSyllables, jp, pdfFontPath } from "./fonts";

// Line breaking of Japanese in the PDF: react-pdf breaks only where an empty syllable is.
const breaks = (s: string) => japaneseSyllables(jp(s)).filter((x) => x !== "").map((x) => x.replace(new RegExp(NBSP, "g"), " "));

describe("PDF text", () => {
  it("may break between Japanese characters but never before closing or after opening punctuation", () => {
    expect(breaks("実害は、ありません。")).toEqual(["実", "害", "は、", "あ", "り", "ま", "せ", "ん。"]);
    expect(breaks("「1.2.1 参照」")).toEqual(["「1.2.1 ", "参", "照」"]);
  });

  it("keeps Latin words whole, breaks after spaces, and long tokens after their punctuation", () => {
    expect(breaks("Email Link(52143)")).toEqual(["Email ", "Link(52143)"]);
    expect(breaks("443/TCP 及び UDP")).toEqual(["443/TCP ", "及", "び ", "UDP"]);
    expect(breaks("proxy-avoidance-and-anonymizers")).toEqual(["proxy-avoidance-", "and-anonymizers"]);
    // Nothing here is ever a hyphen react-pdf would draw: every piece is text the author wrote.
    expect(breaks("computer-and-internet-info").join("")).toBe("computer-and-internet-info");
  });

  it("ends each fragment with a break point unless it ends with an opening bracket", () => {
    expect(japaneseSyllables("TCP" + NBSP).at(-1)).toBe("");
    expect(japaneseSyllables("を「").at(-1)).not.toBe("");
  });

  it("finds the Japanese font, or the one MAMORI_PDF_FONT names", () => {
    expect(pdfFontPath()).toMatch(/\.(ttf|otf)$/);
    const saved = process.env.MAMORI_PDF_FONT;
    process.env.MAMORI_PDF_FONT = "/no/such/font.ttf";
    try {
      expect(() => pdfFontPath()).toThrow(/MAMORI_PDF_FONT/);
    } finally {
      if (saved === undefined) delete process.env.MAMORI_PDF_FONT;
      else process.env.MAMORI_PDF_FONT = saved;
    }
  });
});
