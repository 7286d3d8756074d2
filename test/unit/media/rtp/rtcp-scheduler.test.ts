/**
 * RTCP timing (RFC 3550 §6.3.1, §6.3.6, §A.7): the interval formula checked by
 * hand for a two-party call (the 5 s minimum, halved at first) and a large
 * session where receivers share 75% of the bandwidth; the 0.5–1.5 randomisation
 * and the e − 3/2 compensation; the scheduler on a FakeClock sending at the
 * expected instants, reconsidering (not sending) when membership grew, and
 * stopping. Not covered: BYE reconsideration (§6.3.7), which a two-party call
 * does not need.
 */
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../../../src/util/clock.js";
import { cryptoRandom, RtcpScheduler, rtcpIntervalMs, unitInterval, type RandomSource } from "../../../../src/media/rtp/index.js";

const COMPENSATION = Math.E - 1.5;
const HALF: RandomSource = { uint32: () => 0x8000_0000 }; // unit random 0.5 → factor 1.0

const call = { members: 2, senders: 2, weSent: true, rtcpOctetsPerSecond: 500, averageRtcpOctets: 128 };

describe("rtcpIntervalMs", () => {
  it("uses the 5 s minimum in a two-party call, halved before the first report", () => {
    // 2 · 128 / 500 = 0.512 s is below the minimum.
    expect(rtcpIntervalMs({ ...call, initial: false }, 0.5)).toBeCloseTo(5000 / COMPENSATION, 6);
    expect(rtcpIntervalMs({ ...call, initial: true }, 0.5)).toBeCloseTo(2500 / COMPENSATION, 6);
  });

  it("randomises between 0.5 and 1.5 times the deterministic interval", () => {
    expect(rtcpIntervalMs({ ...call, initial: false }, 0)).toBeCloseTo(2500 / COMPENSATION, 6);
    expect(rtcpIntervalMs({ ...call, initial: false }, 0.999999)).toBeCloseTo(7500 / COMPENSATION, 1);
    const draws = Array.from({ length: 200 }, () => rtcpIntervalMs({ ...call, initial: false }, unitInterval(cryptoRandom)));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(2500 / COMPENSATION);
    expect(Math.max(...draws)).toBeLessThan(7500 / COMPENSATION);
    expect(new Set(draws).size).toBeGreaterThan(150);
  });

  it("gives receivers 75% of the bandwidth when senders are at most a quarter of the members", () => {
    const large = { members: 100, senders: 1, weSent: false, rtcpOctetsPerSecond: 500, averageRtcpOctets: 128, initial: false };
    // 99 receivers · 128 octets / 375 octets/s = 33.792 s
    expect(rtcpIntervalMs(large, 0.5)).toBeCloseTo(33_792 / COMPENSATION, 6);
    // The one sender shares 25%: 1 · 128 / 125 = 1.024 s, below the minimum.
    expect(rtcpIntervalMs({ ...large, weSent: true }, 0.5)).toBeCloseTo(5000 / COMPENSATION, 6);
  });
});

describe("RtcpScheduler", () => {
  it("sends the first report after the halved interval, then about every 4.1 s", () => {
    const clock = new FakeClock();
    const sentAt: number[] = [];
    const scheduler = new RtcpScheduler({ clock, random: HALF, group: () => ({ members: 2, senders: 2, weSent: true }), send: () => (sentAt.push(clock.now()), 72) });
    scheduler.start();
    clock.advance(15_000);
    const first = 2500 / COMPENSATION;
    const next = 5000 / COMPENSATION;
    expect(sentAt).toHaveLength(4);
    sentAt.forEach((t, i) => expect(t).toBeCloseTo(first + i * next, 6));
  });

  it("reconsiders when the session grew before the timer fired, and sends later", () => {
    const clock = new FakeClock();
    let members = 2;
    const sentAt: number[] = [];
    const scheduler = new RtcpScheduler({ clock, random: HALF, group: () => ({ members, senders: 1, weSent: false }), send: () => (sentAt.push(clock.now()), 72) });
    scheduler.start();
    members = 200; // many receivers joined: 199 · 128 / 375 ≈ 67.9 s
    clock.advance(10_000);
    expect(sentAt).toEqual([]);
    expect(scheduler.running).toBe(true);
    clock.advance(60_000);
    expect(sentAt).toHaveLength(1);
    expect(sentAt[0]!).toBeGreaterThan(50_000);
  });

  it("stops sending once stopped", () => {
    const clock = new FakeClock();
    let sent = 0;
    const scheduler = new RtcpScheduler({ clock, random: HALF, group: () => ({ members: 2, senders: 2, weSent: true }), send: () => (sent++, 72) });
    scheduler.start();
    clock.advance(2100);
    scheduler.stop();
    clock.advance(60_000);
    expect(sent).toBe(1);
    expect(clock.activeTimers).toBe(0);
  });
});
