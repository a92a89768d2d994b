import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password-policy";

describe("password policy", () => {
  it("needs 12 characters (counted as characters, not bytes)", () => {
    expect(passwordProblem("short-pass1")).toBe("passwordWeak");
    expect(passwordProblem("パスワードは十二文字以上必要")).toBeNull();
    expect(passwordProblem("x".repeat(1025) + "y")).toBe("tooLong");
  });

  it("refuses the e-mail address or its name part inside the password", () => {
    expect(passwordProblem("tanaka@example.jp", "tanaka@example.jp")).toBe("passwordEmail");
    expect(passwordProblem("Tanaka-2026-spring", "tanaka@example.jp")).toBe("passwordEmail");
    // a short name part ("ab") is too common a substring to forbid
    expect(passwordProblem("absolutely-fine-pass", "ab@example.jp")).toBeNull();
  });

  it("refuses common passwords case-insensitively and one repeated character", () => {
    expect(passwordProblem("Password1234")).toBe("passwordCommon");
    expect(passwordProblem("QWERTY123456")).toBe("passwordCommon");
    expect(passwordProblem("zzzzzzzzzzzzzz")).toBe("passwordCommon");
    expect(passwordProblem("correct horse battery staple", "user@example.jp")).toBeNull();
  });
});
