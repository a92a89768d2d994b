import type { Prisma } from "@/lib/db/generated/client";
import { localMonthKey } from "@/lib/ingest/panos/time";

// Document numbers (TR2112-12345-00001 for notifications, CN2112001 for inquiries): one
// counter row per customer, kind and month, incremented in the transaction that uses the
// number. The row lock serialises concurrent requests and a rolled-back transaction gives its
// number back, so numbers are unique and gap-free without max()+1.

/** "2112" for December 2021 in the customer's time zone. */
export function periodOf(at: Date, timezone: string): string {
  const month = localMonthKey(at, timezone); // "2021-12"
  return month.slice(2, 4) + month.slice(5, 7);
}

export async function nextSequence(tx: Prisma.TransactionClient, customerId: string, kind: "TR" | "CN", period: string): Promise<number> {
  const rows = await tx.$queryRaw<{ value: number }[]>`
    INSERT INTO document_counters (customer_id, kind, period, value) VALUES (${customerId}::uuid, ${kind}, ${period}, 1)
    ON CONFLICT (customer_id, kind, period) DO UPDATE SET value = document_counters.value + 1
    RETURNING value`;
  return rows[0]!.value;
}

export function notificationNumber(period: string, customerCode: string, seq: number): string {
  return `TR${period}-${customerCode}-${String(seq).padStart(5, "0")}`;
}

export function inquiryNumber(period: string, seq: number): string {
  return `CN${period}${String(seq).padStart(3, "0")}`;
}
