/**
 * The simulated line's hybrid echo: off by default (the capture unchanged); set, a 1 kHz
 * tone sent to the earpiece comes back in the mouthpiece at its level less the ERL, one audio
 * period plus the delay later, added to what the handset says. Not covered: the port's
 * echo canceller on it (interop phone-echo test).
 */
import { describe, expect, it } from "vitest";
import { HybridEcho } from "../../../board/sim/hybrid-echo.js";
import { dbovToDbm0, toneDbov, ToneGenerator } from "../../../src/dsp/index.js";

function run(echo: HybridEcho, frames: number, say?: Int16Array): Int16Array[] {
  const far = new ToneGenerator([{ frequencyHz: 1000, levelDbm0: -10 }]);
  const captured: Int16Array[] = [];
  for (let i = 0; i < frames; i++) {
    captured.push(echo.apply(say ?? new Int16Array(160)));
    echo.played(far.next(160));
  }
  return captured;
}

describe("simulated hybrid echo", () => {
  it("changes nothing until set", () => {
    const frames = run(new HybridEcho(), 10);
    expect(frames.every((f) => f.every((s) => s === 0))).toBe(true);
  });

  it("returns the earpiece's 1 kHz at its level less the ERL, a period plus the delay later", () => {
    const echo = new HybridEcho();
    echo.set({ erlDb: 6, delayMs: 5 });
    const frames = run(echo, 20);
    expect(frames[0]!.every((s) => s === 0)).toBe(true);
    const second = frames[1]!;
    expect(second.subarray(0, 39).every((s) => s === 0)).toBe(true);
    expect(second.subarray(40).some((s) => s !== 0)).toBe(true);
    const steady = Int16Array.from(frames.slice(10).flatMap((f) => [...f]));
    expect(dbovToDbm0(toneDbov(steady, 1000))).toBeCloseTo(-16, 1);
  });

  it("adds the echo to what the handset says", () => {
    const echo = new HybridEcho();
    echo.set({ erlDb: 20, delayMs: 0 });
    const frames = run(echo, 20, new ToneGenerator([{ frequencyHz: 600, levelDbm0: -10 }]).next(160));
    const steady = Int16Array.from(frames.slice(10).flatMap((f) => [...f]));
    expect(dbovToDbm0(toneDbov(steady, 1000))).toBeCloseTo(-30, 1);
    expect(dbovToDbm0(toneDbov(steady, 600))).toBeGreaterThan(-14);
  });
});
