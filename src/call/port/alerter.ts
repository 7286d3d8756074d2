/**
 * The bell for an incoming call: the Alert-Info distinctive ring (or the region's
 * cadence), with caller ID by the line's method framed by the first ring, and the line
 * set back (bell off, forward polarity) when caller ID is cut short.
 */
import { callerIdTime, type CallerIdInfo } from "../../dsp/index.js";
import { callerIdSignalling, lineAtRest } from "../../line/callerid/index.js";
import { DISTINCTIVE_RINGS, ringNameFromAlertInfo } from "../../line/index.js";
import type { Logger } from "../../util/log.js";
import { callerIdentity, type InviteIdentity } from "./caller-identity.js";
import type { PortControllerOptions } from "./port-deps.js";

type AlerterDeps = Pick<PortControllerOptions, "ring" | "callerId" | "alertLine" | "callerIdMethod" | "ringCadence" | "clock" | "callTime">;

export class Alerter {
  private callerIdRunning = false;

  constructor(private readonly o: AlerterDeps, private readonly log: Logger) {}

  /** Rings for `call`, caller ID first when the line sends it; no call: the bell only (a recall). */
  start(call: InviteIdentity | undefined): void {
    const alertInfo = call?.headerValues("Alert-Info").map(ringNameFromAlertInfo).find((n) => n !== undefined && Object.hasOwn(DISTINCTIVE_RINGS, n));
    const ringName = alertInfo ?? "default";
    if (this.o.callerIdMethod === "off" || call === undefined) return this.ring(ringName);
    const [onMs = 0, offMs = 0] = DISTINCTIVE_RINGS[ringName]?.onOffMs ?? this.o.ringCadence;
    const info: CallerIdInfo = callerIdentity(call, this.o.callTime ? this.o.callTime() : callerIdTime(this.o.clock.wallTime()));
    const schedule = callerIdSignalling(this.o.callerIdMethod, info, { onMs, offMs });
    if (!schedule.ok) {
      this.log.warn(`no caller ID: ${schedule.error}`);
      return this.ring(ringName);
    }
    this.callerIdRunning = true;
    this.o.callerId.run(schedule.value, (outcome) => {
      this.callerIdRunning = false;
      if (outcome === "done") this.ring(ringName);
    });
  }

  stop(): void {
    this.o.ring.stop();
    if (!this.callerIdRunning) return;
    this.callerIdRunning = false;
    this.o.callerId.cancel();
    lineAtRest(this.o.alertLine, (error) => this.log.warn(`line after caller ID: ${String(error)}`));
  }

  private ring(name: string): void {
    const started = this.o.ring.start(name);
    if (!started.ok) this.log.warn(`ring ${name}: ${started.error}`);
  }
}
