/**
 * SymmetricLatch: a peer behind NAT signals a private address; its accepted
 * packets arrive from the NAT's public one, and we switch to sending there.
 * Once latched, packets from elsewhere do not move us (unless the receiver
 * validated a new SSRC); media from the signalled address confirms it; a
 * latch threshold above one needs consecutive packets; turning the feature off
 * keeps the SDP address; a re-offer resets the latch. IPv4-mapped IPv6
 * addresses compare equal to their IPv4 form.
 */
import { describe, expect, it } from "vitest";
import { SymmetricLatch } from "../../../../src/media/rtp/index.js";

const sdp = { address: "192.168.1.20", port: 4000 };
const nat = { address: "203.0.113.7", port: 61_000 };
const attacker = { address: "198.51.100.66", port: 5004 };

describe("SymmetricLatch", () => {
  it("sends to where the peer's packets come from", () => {
    const latch = new SymmetricLatch({ enabled: true, signalled: sdp });
    expect(latch.destination).toEqual(sdp);
    expect(latch.onAcceptedPacket(nat)).toBe(true);
    expect(latch.destination).toEqual(nat);
    expect(latch.isLatched).toBe(true);
    expect(latch.onAcceptedPacket(nat)).toBe(false);
  });

  it("stays latched when packets come from another address of the same stream", () => {
    const latch = new SymmetricLatch({ enabled: true, signalled: sdp });
    latch.onAcceptedPacket(nat);
    expect(latch.onAcceptedPacket(attacker)).toBe(false);
    expect(latch.destination).toEqual(nat);
  });

  it("follows a new, validated source to its address", () => {
    const latch = new SymmetricLatch({ enabled: true, signalled: sdp });
    latch.onAcceptedPacket(nat);
    expect(latch.onAcceptedPacket({ address: "203.0.113.9", port: 7000 }, true)).toBe(true);
    expect(latch.destination).toEqual({ address: "203.0.113.9", port: 7000 });
  });

  it("keeps the signalled address when media arrives from it", () => {
    const latch = new SymmetricLatch({ enabled: true, signalled: sdp });
    expect(latch.onAcceptedPacket({ address: "::FFFF:192.168.1.20", port: 4000 })).toBe(false);
    expect(latch.isLatched).toBe(true);
    expect(latch.onAcceptedPacket(nat)).toBe(false);
    expect(latch.destination).toEqual(sdp);
  });

  it("needs consecutive packets from one address when asked to", () => {
    const latch = new SymmetricLatch({ enabled: true, signalled: sdp, packetsToLatch: 3 });
    expect(latch.onAcceptedPacket(nat)).toBe(false);
    expect(latch.onAcceptedPacket(attacker)).toBe(false);
    expect(latch.onAcceptedPacket(nat)).toBe(false);
    expect(latch.onAcceptedPacket(nat)).toBe(false);
    expect(latch.onAcceptedPacket(nat)).toBe(true);
    expect(latch.destination).toEqual(nat);
  });

  it("never moves when turned off", () => {
    const latch = new SymmetricLatch({ enabled: false, signalled: sdp });
    expect(latch.onAcceptedPacket(nat)).toBe(false);
    expect(latch.destination).toEqual(sdp);
    expect(latch.isLatched).toBe(false);
  });

  it("goes back to the new SDP address on a re-offer and learns again", () => {
    const latch = new SymmetricLatch({ enabled: true, signalled: sdp });
    latch.onAcceptedPacket(nat);
    const moved = { address: "192.168.1.30", port: 4002 };
    latch.resignal(moved);
    expect(latch.destination).toEqual(moved);
    expect(latch.signalledEndpoint).toEqual(moved);
    expect(latch.onAcceptedPacket({ address: "203.0.113.7", port: 61_002 })).toBe(true);
  });
});
