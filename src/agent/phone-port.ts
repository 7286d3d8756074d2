/**
 * One telephone port as the running agent drives it: the board's Line read by the line
 * layer (hook filter, flash, pulse and DTMF digits), the port's call controller
 * (src/call/port) fed by it, and the audio between them: each captured frame, with the
 * line's echo of what was played removed (src/line/echo), goes to the call's media while
 * talking, and the earpiece gets the controller's tone, or the call's audio while talking
 * or hearing early media. Caller ID audio and the bell are played by
 * the controller's own outputs (ScheduleRunner, RingPlayer) on the same Line.
 */
import type { Line, Unsubscribe } from "../../hal/line.js";
import { dialPlanMatchers } from "../call/dialplan/index.js";
import { CallMedia, callMediaSettings } from "../call/media/index.js";
import { PortController, PortState, type OfferedCall, type PlacedCall, type PlacedCallUser, type PortMedia } from "../call/port/index.js";
import type { Config, LineConfig } from "../config/index.js";
import { defaultMethod, lineOutput, ScheduleRunner } from "../line/callerid/index.js";
import { DtmfReceiver, LineEchoCanceller, LoopMonitor, pulseDigitMapFor, RingPlayer, tonePlanFor, TonePlayer } from "../line/index.js";
import type { IncomingCall } from "../sip/session/index.js";
import type { Account } from "../sip/ua/account.js";
import type { Clock } from "../util/clock.js";
import type { Logger, Logs } from "../util/log.js";

/** Digits kept per lift for /api/status; more are dropped from the front. */
const MAX_DIALLED = 64;
/** States in which the earpiece carries the call's audio rather than a tone. */
const HEARING_CALL: ReadonlySet<PortState> = new Set([PortState.Talking, PortState.EarlyMedia]);

export interface PhonePortOptions {
  line: Line;
  clock: Clock;
  logs: Logs;
  /** The line's settings when the board opened: region, dial plan, caller ID. */
  config: LineConfig;
  /** The configuration now (media settings and the RTP address are read at each call). */
  current: () => Config;
  /** The line's SIP account while SIP runs (it is replaced when the configuration changes). */
  account: () => Account | undefined;
}

export class PhonePort {
  readonly controller: PortController;
  private readonly log: Logger;
  private readonly loop: LoopMonitor;
  private readonly dtmf: DtmfReceiver;
  private readonly tones: TonePlayer;
  private readonly echo: LineEchoCanceller;
  private readonly silence: Int16Array;
  private readonly unsubscribe: Unsubscribe[] = [];
  private call: CallMedia | undefined;
  private dialledDigits = "";

  constructor(private readonly o: PhonePortOptions) {
    const { line, clock, logs, config } = o;
    this.log = logs.get("line", line.index);
    const plan = tonePlanFor(config.region);
    // The configuration's regions are exactly those with tone plans (src/config REGIONS).
    if (plan === undefined) throw new Error(`no tone plan for region ${config.region}`);
    this.tones = new TonePlayer(plan);
    this.echo = new LineEchoCanceller({ log: logs.get("line.echo", line.index) });
    this.silence = new Int16Array(line.audio.frameSamples);
    this.dtmf = new DtmfReceiver({ onDigit: (d) => this.key(d.digit, `DTMF, ${Math.round(d.durationMs)} ms`) });
    this.loop = new LoopMonitor(line, clock, {
      onOffHook: () => {
        this.dialledDigits = "";
        this.log.info("off-hook");
        this.controller.offHook();
      },
      onOnHook: () => {
        this.log.info("on-hook");
        this.controller.onHook();
      },
      onFlash: (_atMs, durationMs) => this.log.info(`hook flash (${Math.round(durationMs)} ms)`),
      onPulsing: (active) => (active ? this.dtmf.mute("pulsing") : this.dtmf.unmute("pulsing")),
      onPulseDigit: (d) => {
        if (d.digit === undefined) this.log.warn(`${d.pulses} pulses make no digit; ignored`);
        else this.key(d.digit, `pulse, ${d.pulses} pulse(s)${d.pulsesPerSecond === undefined ? "" : `, ${d.pulsesPerSecond.toFixed(1)} pps, ${Math.round((d.breakRatio ?? 0) * 100)} % break`}`);
      },
    }, { digitMap: pulseDigitMapFor(config.region) });
    const ring = new RingPlayer(line, clock, { regionCadence: plan.ring, log: logs.get("line.ring", line.index), onAlerting: (active) => this.loop.ringing(active) });
    const output = lineOutput(line);
    const matchers = dialPlanMatchers(config.region, config.dialPlan);
    // The agent checked every dial plan before opening the board (dial-plans.ts).
    if (!matchers.ok) throw new Error(`lines[${line.index}].dialPlan: ${matchers.error.message}`);
    this.controller = new PortController({
      index: line.index, clock, logs,
      newCollector: matchers.value,
      placer: { place: (number, offer, user) => this.place(number, offer, user) },
      media: { open: () => this.openMedia() },
      tones: this.tones,
      ring,
      callerId: new ScheduleRunner(clock, output, (e: unknown) => this.log.warn(`caller ID: ${String(e)}`)),
      alertLine: output,
      callerIdMethod: config.callerId === "off" ? "off" : defaultMethod(config.callerId, config.region),
      ringCadence: plan.ring,
    });
    if (line.onHardwareDigit) {
      this.unsubscribe.push(line.onHardwareDigit((d) => {
        if (d.endMs !== undefined) this.key(d.digit, `DTMF chip, ${Math.round(d.endMs - d.startMs)} ms`);
      }));
    }
    this.unsubscribe.push(line.audio.onCapture((frame, atMs) => this.tick(frame, atMs, Boolean(line.onHardwareDigit))));
  }

  /** "off" while the loop is closed (pulse breaks and flashes still count as off). */
  get hook(): "on" | "off" {
    return this.loop.state === "onHook" ? "on" : "off";
  }

  /** Digits dialled since the last off-hook, in order, by either method. */
  get dialled(): string {
    return this.dialledDigits;
  }

  /** An INVITE for this port's account. */
  offered(call: IncomingCall): void {
    const offered: OfferedCall = {
      offer: call.offer, from: call.from, headerValues: (name) => call.invite.headers.list(name),
      attach: (user) => call.attach(user), ringing: () => call.ringing(), accept: (sdp) => call.accept(sdp),
      reject: (status, reason) => call.reject(status, reason), hangup: () => call.hangup(),
    };
    this.controller.offered(offered);
  }

  close(): void {
    this.controller.onHook();
    this.loop.close();
    for (const stop of this.unsubscribe.splice(0)) stop();
  }

  private key(digit: string, how: string): void {
    this.dialledDigits = (this.dialledDigits + digit).slice(-MAX_DIALLED);
    this.log.info(`digit ${digit} (${how})`);
    this.controller.digit(digit);
  }

  /**
   * One capture period: the earpiece gets the tone or the call; the mouthpiece, with the
   * line's echo of what was played removed, goes to the call while talking.
   */
  private tick(frame: Int16Array, atMs: number, chipDecodes: boolean): void {
    if (!chipDecodes) this.dtmf.frame(frame, atMs);
    const state = this.controller.state;
    const media = this.call?.media;
    const heard = media?.pull();
    const played = this.tones.current !== undefined
      ? this.tones.next(this.o.line.audio.frameSamples)
      : heard && HEARING_CALL.has(state) ? heard : undefined;
    if (played) this.o.line.audio.play(played);
    if (media && state === PortState.Talking) media.send(this.echo.process(played ?? this.silence, frame));
  }

  private async openMedia(): Promise<PortMedia> {
    const config = this.o.current();
    const line = config.lines[this.o.line.index] ?? this.o.config;
    const media = await CallMedia.open({
      clock: this.o.clock, logs: this.o.logs, bindAddress: config.sip.bindAddress,
      settings: callMediaSettings(line.account, config.media),
      ...(config.sip.advertisedAddress ? { advertisedAddress: config.sip.advertisedAddress } : {}),
    });
    this.call = media;
    this.echo.reset();
    const close = (): Promise<void> => {
      if (this.call === media) this.call = undefined;
      return media.close();
    };
    return {
      offer: () => media.offer(), applyAnswer: (sdp) => media.applyAnswer(sdp), answer: (sdp) => media.answer(sdp), close,
    };
  }

  private place(number: string, offer: string, user: PlacedCallUser): PlacedCall {
    const account = this.o.account();
    if (account === undefined) {
      // No account on this line: the call fails as a network would, a moment later.
      const timer = this.o.clock.setTimer(0, () => user.onFailed({ status: 503, reason: "No SIP account on this line" }));
      return { hangup: () => timer.cancel() };
    }
    const call = account.call(account.targetFor(number), offer, user);
    this.call?.attach(call);
    return call;
  }
}
