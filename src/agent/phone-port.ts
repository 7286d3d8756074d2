/**
 * One telephone port as the running agent drives it: the board's Line read by the line
 * layer (hook filter, flash, pulse and DTMF digits), the port's call controller
 * (src/call/port) fed by it, and the audio between them: each captured frame, with the
 * line's echo of what was played removed (src/line/echo), goes to the call's media while
 * talking, and the earpiece gets the controller's tone, or the call's audio while talking
 * or hearing early media. In a three-way call the two far parties and the handset are
 * mixed (each hears the other two). A call-waiting tone's silent gaps let the call
 * through. Caller ID audio and the bell are played by the controller's own outputs
 * (ScheduleRunner, RingPlayer) on the same Line. The line's features come from the
 * configuration, and star codes change them through `saveFeatures`.
 */
import type { Line, Unsubscribe } from "../../hal/line.js";
import { dialPlanMatchers } from "../call/dialplan/index.js";
import { StarCodes } from "../call/features/index.js";
import { CallMedia, callMediaSettings } from "../call/media/index.js";
import {
  callerIdentity, HotLine, PortController, PortState, type FeatureStore, type PlacedCall, type PlacedCallUser, type PlaceOptions, type PortFeatures,
} from "../call/port/index.js";
import type { Config, FeatureChange, LineConfig } from "../config/index.js";
import { callerIdTime } from "../dsp/index.js";
import { ConferenceMixer } from "../media/index.js";
import { formatUri, parseUri } from "../sip/message/index.js";
import { defaultMethod } from "../line/callerid/index.js";
import { DtmfReceiver, LineEchoCanceller, LoopMonitor, pulseDigitMapFor, RingPlayer, tonePlanFor, TonePlayer } from "../line/index.js";
import type { IncomingCall } from "../sip/session/index.js";
import type { Account } from "../sip/ua/account.js";
import type { Clock } from "../util/clock.js";
import type { Logger, Logs } from "../util/log.js";
import { CallWaitingDisplay } from "./call-waiting-display.js";
import { OfferedSession, SessionSignalling } from "./port-adapters.js";
import { LineSignals } from "./line-signals.js";

/** Digits kept per lift for /api/status; more are dropped from the front. */
const MAX_DIALLED = 64;

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
  /** Saves a feature change made from the handset (star codes) to lines[n].features. */
  saveFeatures: (change: FeatureChange) => Promise<void>;
}

export class PhonePort {
  readonly controller: PortController;
  private readonly log: Logger;
  private readonly loop: LoopMonitor;
  private readonly dtmf: DtmfReceiver;
  private readonly tones: TonePlayer;
  private readonly echo: LineEchoCanceller;
  private readonly silence: Int16Array;
  private readonly mixer: ConferenceMixer;
  private readonly waitingId: CallWaitingDisplay;
  private readonly signals: LineSignals;
  private codes: { table: LineConfig["features"]["starCodes"]; matcher: StarCodes } | undefined;
  /** The waiting call last seen, to notice when one starts or stops waiting. */
  private waitingSeen: unknown;
  private readonly unsubscribe: Unsubscribe[] = [];
  private dialledDigits = "";
  /** Changes from the handset not yet saved: they apply at once, the file follows. */
  private unsaved: FeatureChange = {};

  constructor(private readonly o: PhonePortOptions) {
    const { line, clock, logs, config } = o;
    this.log = logs.get("line", line.index);
    const plan = tonePlanFor(config.region);
    // The configuration's regions are exactly those with tone plans (src/config REGIONS).
    if (plan === undefined) throw new Error(`no tone plan for region ${config.region}`);
    this.tones = new TonePlayer(plan);
    this.echo = new LineEchoCanceller({ log: logs.get("line.echo", line.index) });
    this.silence = new Int16Array(line.audio.frameSamples);
    this.mixer = new ConferenceMixer({ frameSamples: line.audio.frameSamples });
    this.waitingId = new CallWaitingDisplay(clock, logs.get("line.cwid", line.index));
    for (const name of ["line", "first", "second"]) this.mixer.add(name);
    this.dtmf = new DtmfReceiver({ onDigit: (d) => this.key(d.digit, `DTMF, ${Math.round(d.durationMs)} ms`) });
    this.loop = new LoopMonitor(line, clock, {
      onOffHook: () => {
        this.signals.offHook();
        this.dialledDigits = "";
        this.log.info("off-hook");
        this.controller.offHook();
      },
      onOnHook: () => {
        this.log.info("on-hook");
        this.controller.onHook();
      },
      onFlash: (_atMs, durationMs) => {
        this.log.info(`hook flash (${Math.round(durationMs)} ms)`);
        this.controller.flash();
      },
      onPulsing: (active) => (active ? this.dtmf.mute("pulsing") : this.dtmf.unmute("pulsing")),
      onPulseDigit: (d) => {
        if (d.digit === undefined) this.log.warn(`${d.pulses} pulses make no digit; ignored`);
        else this.key(d.digit, `pulse, ${d.pulses} pulse(s)${d.pulsesPerSecond === undefined ? "" : `, ${d.pulsesPerSecond.toFixed(1)} pps, ${Math.round((d.breakRatio ?? 0) * 100)} % break`}`);
      },
    }, { digitMap: pulseDigitMapFor(config.region) });
    const ring = new RingPlayer(line, clock, { regionCadence: plan.ring, log: logs.get("line.ring", line.index), onAlerting: (active) => this.loop.ringing(active) });
    this.signals = new LineSignals(line, clock, logs.get("line.signals", line.index));
    const matchers = dialPlanMatchers(config.region, config.dialPlan);
    // The agent checked every dial plan before opening the board (dial-plans.ts).
    if (!matchers.ok) throw new Error(`lines[${line.index}].dialPlan: ${matchers.error.message}`);
    const newCollector = matchers.value;
    this.controller = new PortController({
      index: line.index, clock, logs,
      // Read at each off-hook, so a changed hot line applies from the next call.
      newCollector: () => {
        const { hotline, hotlineDelaySec } = this.lineConfig().features;
        return hotline ? new HotLine(hotline, hotlineDelaySec * 1000, newCollector()) : newCollector();
      },
      features: this.featureStore(),
      // The configuration's reader checked the table (lines[n].features.starCodes).
      starCodes: { match: (dialled) => this.starCodes().match(dialled) },
      placer: { place: (number, offer, user, options) => this.place(number, offer, user, options) },
      media: { open: () => this.openMedia() },
      tones: this.tones,
      ring,
      callerId: this.signals.runner,
      alertLine: this.signals.alertLine,
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

  /** The call the handset is in, for /api/status (DESIGN: peer, direction, codec, duration, RTP stats); null when none. */
  callStatus(): Record<string, unknown> | null {
    const { active, held, waiting } = this.controller.calls;
    if (!active) return null;
    const stats = active.media instanceof CallMedia ? active.media.stats() : undefined;
    return {
      peer: active.remote || "anonymous",
      direction: active.direction === "out" ? "outgoing" : "incoming",
      durationSec: active.upAtMs === undefined ? 0 : Math.floor((this.o.clock.now() - active.upAtMs) / 1000),
      codec: stats?.codec ?? null,
      rtp: stats ? {
        packetsSent: stats.packetsSent, packetsReceived: stats.packetsReceived, lost: stats.lost, late: stats.late,
        jitterMs: stats.jitterMs, rttMs: stats.rttMs ?? null,
      } : null,
      held: held ? held.remote || "anonymous" : null,
      waiting: waiting ? waiting.remote || "anonymous" : null,
    };
  }

  /** An INVITE for this port's account. */
  offered(call: IncomingCall): void {
    if (this.controller.state === PortState.Idle) this.signals.clear();
    this.controller.offered(new OfferedSession(call, (n) => this.uriFor(n)));
  }

  /**
   * Messages wait (RFC 3842 NOTIFY) or not: stutter dial tone from the next lift, and visual
   * message waiting (VMWI, on-hook data) sent now when the phone is idle and the line asks for it.
   */
  messageWaiting(on: boolean): void {
    if (on === this.controller.messageWaiting) return;
    this.log.info(`messages waiting: ${on ? "yes" : "no"}`);
    this.controller.setMessageWaiting(on);
    if (this.lineConfig().features.visualMwi) this.signals.setLamp(on);
  }

  close(): void {
    this.waitingId.cancel();
    this.controller.onHook();
    this.loop.close();
    for (const stop of this.unsubscribe.splice(0)) stop();
  }

  private key(digit: string, how: string): void {
    if (this.waitingId.key(digit)) return this.log.info(`key ${digit} (${how}) taken as the call-waiting caller ID acknowledgement`);
    this.dialledDigits = (this.dialledDigits + digit).slice(-MAX_DIALLED);
    this.log.info(`digit ${digit} (${how})`);
    this.controller.digit(digit);
  }

  /**
   * One capture period: the earpiece gets the tone or the call (a tone's silent gaps let the
   * call through); the mouthpiece, with the line's echo of what was played removed, goes to
   * the call while talking. Two calls heard (three-way) are mixed: each far party hears the
   * handset and the other party, the handset hears both.
   */
  private tick(frame: Int16Array, atMs: number, chipDecodes: boolean): void {
    if (!chipDecodes) this.dtmf.frame(frame, atMs);
    const idle = this.controller.state === PortState.Idle && this.hook === "on";
    const signal = this.signals.next(this.o.line.audio.frameSamples, idle, this.o.config.callerId, this.o.config.region);
    if (signal) return this.o.line.audio.play(signal);
    this.followWaitingCall();
    if (this.waitingId.active) return this.muteForWaitingId();
    const heard = this.controller.heard.filter((m): m is CallMedia => m instanceof CallMedia);
    const speaking = new Set(this.controller.speaking);
    const [first, second] = heard.map((m) => m.media.pull());
    const callAudio = second === undefined ? first : this.mixer.mix({ first, second }).line;
    const tone = this.tones.current !== undefined ? this.tones.next(this.o.line.audio.frameSamples) : undefined;
    const played = tone && !(callAudio && isSilent(tone)) ? tone : callAudio;
    if (played) this.o.line.audio.play(played);
    // A held call gets silence, so its RTP timestamps keep pace with the clock (RFC 3550 §5.1) and
    // the far end's jitter buffer is not thrown when our voice comes back.
    for (const call of this.controller.connected) if (call instanceof CallMedia && !speaking.has(call)) call.media.send(this.silence);
    if (speaking.size === 0) return;
    const mouth = this.echo.process(played ?? this.silence, frame);
    if (heard.length === 1) {
      if (speaking.has(heard[0]!)) heard[0]!.media.send(mouth);
      return;
    }
    const out = this.mixer.mix({ line: mouth, first, second });
    heard.forEach((call, i) => speaking.has(call) && call.media.send(i === 0 ? out.first! : out.second!));
  }

  /** A call started or stopped waiting: its caller ID is sent, or no longer. */
  private followWaitingCall(): void {
    const waiting = this.controller.calls.waiting;
    if (waiting === this.waitingSeen) return;
    this.waitingSeen = waiting;
    const standard = this.o.config.callerId;
    if (!waiting?.invite || !this.lineConfig().features.callWaitingCallerId || (standard !== "bell202" && standard !== "v23")) {
      return this.waitingId.cancel();
    }
    this.waitingId.start(callerIdentity(waiting.invite, callerIdTime(this.o.clock.wallTime())), standard);
  }

  /** Call-waiting caller ID owns the earpiece; the parties hear silence and keep their RTP clocks. */
  private muteForWaitingId(): void {
    this.o.line.audio.play(this.waitingId.next(this.o.line.audio.frameSamples));
    for (const call of this.controller.connected) if (call instanceof CallMedia) call.media.send(this.silence);
  }

  /** The line's star-code matcher, made again only when the configuration's table changed. */
  private starCodes(): StarCodes {
    const table = this.lineConfig().features.starCodes;
    if (this.codes?.table !== table) this.codes = { table, matcher: new StarCodes(table) };
    return this.codes.matcher;
  }

  /** The line's settings now, features changed from the handset included. */
  private lineConfig(): LineConfig {
    return this.o.current().lines[this.o.line.index] ?? this.o.config;
  }

  private featureStore(): FeatureStore {
    return {
      current: (): PortFeatures => ({ ...this.lineConfig().features, ...this.unsaved }),
      change: (change) => {
        this.unsaved = { ...this.unsaved, ...change };
        this.o.saveFeatures(change).then(
          () => { this.unsaved = {}; },
          (error: unknown) => this.log.error(`features not saved: ${String(error)}`),
        );
      },
    };
  }

  /** A number as the URI to send to: itself when it is one, else at the account's domain. */
  private uriFor(number: string): string {
    if (/^sips?:/i.test(number)) return number;
    const account = this.o.account();
    return account ? formatUri(account.targetFor(number)) : `sip:${number}@invalid`;
  }

  private async openMedia(): Promise<CallMedia> {
    const config = this.o.current();
    const media = await CallMedia.open({
      clock: this.o.clock, logs: this.o.logs, bindAddress: config.sip.bindAddress,
      settings: callMediaSettings(this.lineConfig().account, config.media),
      ...(config.sip.advertisedAddress ? { advertisedAddress: config.sip.advertisedAddress } : {}),
    });
    if (this.controller.heard.length === 0) this.echo.reset();
    return media;
  }

  /** An outgoing call; a URI (call return, being transferred) keeps its headers, so a Replaces goes in the INVITE. */
  private place(number: string, offer: string, user: PlacedCallUser, options: PlaceOptions): PlacedCall {
    const account = this.o.account();
    const target = /^sips?:/i.test(number) ? parseUri(number) : undefined;
    if (account === undefined || (target !== undefined && !target.ok)) {
      // No account on this line, or a target that does not parse: the call fails as a network would, a moment later.
      const why = account === undefined ? "No SIP account on this line" : `Bad target ${number}`;
      const timer = this.o.clock.setTimer(0, () => user.onFailed({ status: account === undefined ? 503 : 416, reason: why }));
      return { hangup: () => timer.cancel(), reinvite: async () => ({ ok: false, error: { status: 481, reason: why } }),
        info: async () => ({ ok: false, error: { status: 481, reason: why } }), refer: (_t, u) => u.onDone({ status: 0, reason: why }),
        replacingTarget: () => "" };
    }
    const uri = target?.ok ? target.value : account.targetFor(number);
    const headers = Object.entries(uri.headers).map(([name, value]) => [name, value] as const);
    const call = account.call({ ...uri, headers: {} }, offer, user, { anonymous: options.anonymous, headers });
    return new SessionSignalling(call, (n) => this.uriFor(n));
  }
}

function isSilent(frame: Int16Array): boolean {
  for (const sample of frame) if (sample !== 0) return false;
  return true;
}
