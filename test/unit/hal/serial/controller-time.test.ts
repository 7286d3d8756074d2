/**
 * ControllerTime (docs/line-protocol.md §6): offset from the shortest ping round trip,
 * spacing of mapped events kept exactly, events never placed after their arrival, the
 * 32-bit counter unwrapped (also for a late stamp from before the wrap), drift followed as
 * old samples age out, and a fresh start after reset.
 * Does not cover where the pings come from (controller-client tests do).
 */
import { describe, expect, it } from "vitest";
import { ControllerTime } from "../../../../hal/serial/controller-time.js";

describe("ControllerTime", () => {
  it("uses arrival time until a ping gave an offset", () => {
    const t = new ControllerTime();
    expect(t.offsetMs).toBeUndefined();
    expect(t.toHost(123456, 50)).toBe(50);
  });

  it("takes the offset from the ping with the shortest round trip", () => {
    const t = new ControllerTime();
    // The controller's counter reads host time + 1000 exactly; answers are read at mid-trip.
    t.addPing(100, 140, 1120); // 40 ms round trip, midpoint 120
    t.addPing(200, 204, 1202); // 4 ms
    t.addPing(300, 330, 1315);
    expect(t.offsetMs).toBe(-1000);
    expect(t.bestRoundTripMs).toBe(4);
  });

  it("keeps the spacing of events and maps them onto the host scale", () => {
    const t = new ControllerTime();
    t.addPing(1000, 1002, 5001);
    const edges = [5100, 5160, 5163, 5224].map((ms) => t.toHost(ms, 2000));
    expect(edges).toEqual([1100, 1160, 1163, 1224]);
  });

  it("lowers the offset when an event would map after its arrival, and keeps that for later events", () => {
    const t = new ControllerTime();
    t.addPing(0, 100, 10); // midpoint guess: offset 40; truly the controller read 10 at host 20
    expect(t.toHost(20, 30)).toBe(30); // 20 + 40 = 60, but it arrived at 30
    expect(t.offsetMs).toBe(10);
    expect(t.toHost(90, 500)).toBe(100);
  });

  it("unwraps the 32-bit counter, including a late stamp from before the wrap", () => {
    const t = new ControllerTime();
    const top = 2 ** 32;
    t.addPing(0, 0, top - 100);
    expect(t.toHost(top - 40, 1000)).toBe(60);
    expect(t.toHost(20, 1000)).toBe(120);
    expect(t.toHost(top - 10, 1000)).toBe(90);
    expect(t.toHost(80, 1000)).toBe(180);
  });

  it("follows drift as old samples leave the window of 8", () => {
    const t = new ControllerTime(8);
    // The controller runs 100 ppm fast: 0.5 ms more every 5 s ping.
    for (let i = 0; i < 20; i++) t.addPing(i * 5000, i * 5000 + 2 + (i === 0 ? 0 : 1), Math.round(i * 5000 * 1.0001) + 1);
    // Only the last 8 pings count (i = 12..19, all 3 ms trips): the earliest of them wins.
    expect(t.offsetMs).toBeCloseTo(12 * 5000 + 1.5 - (Math.round(12 * 5000 * 1.0001) + 1), 6);
  });

  it("starts over after reset", () => {
    const t = new ControllerTime();
    t.addPing(0, 2, 1_000_000);
    t.reset();
    expect(t.offsetMs).toBeUndefined();
    t.addPing(10, 12, 5);
    expect(t.toHost(15, 100)).toBe(21);
  });
});
