import { expect } from "@playwright/test";
import { parseMail, type ReadMail } from "../lib/mail/mime";

// Reads what the app sent through the local mail sink (e2e/mail-sink.mjs, see playwright.config.ts).
const MAIL_HTTP = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 26}`;

export async function mailsTo(address: string): Promise<(ReadMail & { recipients: string[] })[]> {
  const res = await fetch(`${MAIL_HTTP}/messages`);
  const all = (await res.json()) as { to: string[]; raw: string }[];
  return all.filter((m) => m.to.includes(address)).map((m) => ({ ...parseMail(m.raw), recipients: m.to }));
}

/** Waits until a message to `address` whose subject contains `subject` arrives, and returns it. */
export async function waitForMail(address: string, subject: string): Promise<ReadMail & { recipients: string[] }> {
  let found: (ReadMail & { recipients: string[] }) | undefined;
  await expect
    .poll(async () => {
      found = (await mailsTo(address)).find((m) => m.subject.includes(subject));
      return !!found;
    }, { timeout: 15_000, message: `mail to ${address} with "${subject}"` })
    .toBe(true);
  return found!;
}
