import { describe, expect, it } from "vitest";
import { BatchBuilder } from "./batch-builder";
import { CustomerContext, timeConverters, type DeviceInfo } from "./context";
import { trafficLine } from "./test-lines";

function device(id: string, serial: string): DeviceInfo {
  return { id, serial, hostname: serial, timezone: "Asia/Tokyo", ...timeConverters("Asia/Tokyo") };
}

/** Rows in binary COPY bytes (copy-binary.ts): field counts and lengths walked to the end. */
function binaryRows(bytes: Buffer): number {
  let p = 0;
  let rows = 0;
  for (; p < bytes.length; rows++) {
    const fields = bytes.readInt16BE(p);
    p += 2;
    for (let f = 0; f < fields; f++) p += 4 + Math.max(bytes.readInt32BE(p), 0);
  }
  expect(p).toBe(bytes.length);
  return rows;
}

describe("BatchBuilder", () => {
  it("keeps each device's newest event time when lines of several devices interleave, out of order", () => {
    const a = device("00000000-0000-4000-8000-00000000000a", "SERIAL-A");
    const b = device("00000000-0000-4000-8000-00000000000b", "SERIAL-B");
    const ctx = new CustomerContext("00000000-0000-4000-8000-000000000001", "c", "Asia/Tokyo", new Map([[a.serial, a], [b.serial, b]]), ["192.0.2.0/24"]);
    const lines = [
      trafficLine({ time: "2021/12/01 10:00:05", serial: "SERIAL-A" }),
      trafficLine({ time: "2021/12/01 09:00:00", serial: "SERIAL-B" }),
      trafficLine({ time: "2021/12/01 10:00:01", serial: "SERIAL-A" }), // older than A's first
      trafficLine({ time: "2021/12/01 11:30:00", serial: "SERIAL-B" }),
      trafficLine({ time: "2021/12/01 08:00:00", serial: "SERIAL-B" }),
      trafficLine({ time: "2021/12/01 10:00:02", serial: "SERIAL-UNKNOWN" }), // rejected: counts for no device
      trafficLine({ time: "2021/12/01 09:59:59", serial: "SERIAL-A" }),
    ];
    const built = new BatchBuilder(ctx, null).build("7", 1, Buffer.from(lines.join("\n") + "\n"));
    expect(built.accepted).toBe(6);
    expect(built.rejected).toBe(1);
    expect(new Map(built.lastSeen)).toEqual(
      new Map([
        [a.id, a.stamp("2021-12-01 10:00:05")!.text], // the parser's normalised local time
        [b.id, b.stamp("2021-12-01 11:30:00")!.text],
      ]),
    );
    // Rows and counts for every accepted line: six rows, six sessions counted.
    expect(binaryRows(Buffer.concat(built.events.flatMap((e) => e.rows)))).toBe(6);
    expect(built.rollups.counts.reduce((s, n) => s + n, 0)).toBe(6);
  });
});
