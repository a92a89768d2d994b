import { describe, expect, it } from "vitest";
import { cpuMeter, perLine } from "./cpu-meter";

describe("cpuMeter", () => {
  it("counts this process's busy loop on both its own clock and the machine's", () => {
    const stop = cpuMeter();
    // Busy until 250 ms of this process's own CPU time are spent (other test files share the cores).
    const start = process.cpuUsage();
    let x = 0;
    while (process.cpuUsage(start).user < 250_000) for (let i = 0; i < 10_000; i++) x += Math.sqrt(x + i);
    const split = stop();
    expect(x).toBeGreaterThan(0);
    expect(split.processSeconds).toBeGreaterThanOrEqual(0.25);
    // The machine's clock ticks in 10 ms steps and includes this process.
    expect(split.machineSeconds).toBeGreaterThan(split.processSeconds - 0.05);
    expect(split.otherSeconds).toBeGreaterThanOrEqual(0);
    expect(split.cores).toBeGreaterThan(0);
  });

  it("gives microseconds per line for each side", () => {
    expect(perLine({ processSeconds: 3, machineSeconds: 5, otherSeconds: 2, cores: 2 }, 1_000_000)).toEqual({ process: 3, other: 2, machine: 5 });
    expect(perLine({ processSeconds: 1, machineSeconds: 1, otherSeconds: 0, cores: 2 }, 0).process).toBe(1e6);
  });
});
