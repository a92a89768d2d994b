import { describe, expect, it } from "vitest";
import { filterQuery, keysetPage } from "./keyset";

describe("keyset paging", () => {
  it("gives the page and the id to continue before only when a further row was fetched", () => {
    const rows = [5n, 4n, 3n].map((id) => ({ id }));
    expect(keysetPage(rows, 2)).toEqual({ rows: rows.slice(0, 2), nextBefore: "4" });
    expect(keysetPage(rows, 3)).toEqual({ rows, nextBefore: null });
  });

  it("keeps the filter in the link to the next page and leaves unset values out", () => {
    expect(filterQuery({ customer: "acme", status: undefined, before: 90 }, { before: "42" })).toBe("customer=acme&before=42");
    expect(filterQuery({ customer: "a b", level: undefined }, { page: 2 })).toBe("customer=a+b&page=2");
    expect(filterQuery({ customer: "acme", before: 90 }, { before: null })).toBe("customer=acme");
  });
});
