/**
 * The media side of one SIP call: a MediaSession opened with the account's
 * settings, the SDP offers and answers the INVITE session carries (RFC 3264,
 * one SdpSession so o= stays and its version moves only on change, §8), SRTP
 * keys through one SdesNegotiator for the whole call (RFC 4568), our hold and
 * resume (§8.4), and digits by the account's method: RFC 4733 events, in-band
 * tones, or SIP INFO with application/dtmf-relay (RFC 6086 carries the body).
 *
 * The owner of the call wires the session's callbacks to it: onEarlyMedia and
 * onAnswered → applyAnswer, onRemoteOffer and the INVITE's offer → answer,
 * onInfo → receiveInfo (returning its status, which becomes the INFO's response),
 * onEnded/onFailed/onCancelled → close.
 */
import type { Clock } from "../../util/clock.js";
import type { Logger, Logs } from "../../util/log.js";
import { err, ok, type Result } from "../../util/result.js";
import {
  buildDtmfRelay, DTMF_RELAY_CONTENT_TYPE, MediaSession, parseAnswer, parseDtmfRelay, SdesNegotiator, SdpSession,
  type Direction, type DtmfMethod, type MediaSessionStats, type NegotiatedAudio, type PacketProtector,
  type RandomSource, type ReceivedDigit, type SessionJitterOptions,
} from "../../media/index.js";
import type { CallDialog, OfferRefusal } from "./call-dialog.js";
import type { CallMediaSettings } from "./call-media-settings.js";

/** A key sent during a call when its length is not known (a rotary digit): RFC 4733 §2.5 asks at least 40 ms. */
const DIGIT_MS = 100;
/** A hook flash sent as an event lasts as a real one does (the line layer accepts 100–900 ms). */
const FLASH_MS = 500;
/** SIP INFO body type for a hook flash (used by Cisco and BroadSoft gateways). */
const HOOK_FLASH_CONTENT_TYPE = "application/hook-flash";

export interface CallMediaOptions {
  clock: Clock;
  logs: Logs;
  /** IP literal RTP binds to. */
  bindAddress: string;
  /** Address written in our SDP; default as MediaSession decides. */
  advertisedAddress?: string;
  settings: CallMediaSettings;
  /** In-dialog requests of the call (INFO for digits, re-INVITE for hold); set later with attach(). */
  dialog?: CallDialog;
  /** Jitter buffer bounds; default MediaSession's. */
  jitter?: SessionJitterOptions;
  random?: RandomSource;
  id?: string;
}

export class CallMedia {
  private readonly log: Logger;
  private readonly sdp = new SdpSession();
  private readonly listeners = new Set<(digit: ReceivedDigit) => void>();
  private dialog: CallDialog | undefined;
  /** Our last offer: answers are read against it (kept after an answer: a 2xx may repeat or change a 183's). */
  private offered: string | undefined;
  private lastAnswer: { sdp: string; negotiated: NegotiatedAudio } | undefined;
  private started = false;
  private onHold = false;

  private constructor(
    readonly media: MediaSession,
    private readonly negotiator: SdesNegotiator,
    private readonly settings: CallMediaSettings,
    options: CallMediaOptions,
  ) {
    this.log = options.logs.get("call.media", options.id ?? String(media.localMedia().port));
    this.dialog = options.dialog;
    media.onDigit((digit) => this.report(digit));
  }

  /** Opens the RTP/RTCP sockets in the account's port range. */
  static async open(options: CallMediaOptions): Promise<CallMedia> {
    const { settings } = options;
    const media = await MediaSession.open({
      clock: options.clock, logs: options.logs, bindAddress: options.bindAddress, portRange: settings.portRange,
      codecs: settings.codecs, symmetricRtp: settings.symmetricRtp,
      ...(options.advertisedAddress === undefined ? {} : { advertisedAddress: options.advertisedAddress }),
      ...(options.jitter === undefined ? {} : { jitter: options.jitter }),
      ...(options.random === undefined ? {} : { random: options.random }),
      ...(options.id === undefined ? {} : { id: options.id }),
    });
    return new CallMedia(media, new SdesNegotiator({ policy: settings.srtp }), settings, options);
  }

  /** The dialog once the session exists (an outgoing call is made with our offer, so after open). */
  attach(dialog: CallDialog): void {
    this.dialog = dialog;
  }

  get held(): boolean {
    return this.onHold;
  }

  /** Our offer: the INVITE's, or a re-offer (same session, version up only if the body changed). */
  offer(): string {
    this.offered = this.sdp.createOffer(this.local(this.onHold ? "sendonly" : "sendrecv"));
    this.lastAnswer = undefined;
    return this.offered;
  }

  /**
   * The peer's answer to our last offer, from a 183 or the 2xx (again after a 183:
   * a repeated answer is ignored, a changed one updates). Starts or updates media.
   */
  applyAnswer(answer: string): Result<NegotiatedAudio, string> {
    if (this.offered === undefined) return err("no offer of ours is outstanding");
    if (answer === this.lastAnswer?.sdp) return ok(this.lastAnswer.negotiated);
    const negotiated = parseAnswer(answer, this.offered, this.negotiator);
    if (!negotiated.ok) return err(`${negotiated.error.reason}: ${negotiated.error.detail}`);
    const applied = this.apply(negotiated.value);
    if (!applied.ok) return applied;
    this.lastAnswer = { sdp: answer, negotiated: negotiated.value };
    return ok(negotiated.value);
  }

  /** Our answer to the peer's offer (the INVITE's, a re-INVITE's or an UPDATE's), media started or updated. */
  answer(offer: string): Result<string, OfferRefusal> {
    const made = this.sdp.createAnswer(offer, this.local(this.onHold ? "sendonly" : "sendrecv"));
    if (!made.ok) {
      this.log.info(`offer refused: ${made.error.reason} (${made.error.detail})`);
      return err(made.error.reason === "malformed"
        ? { status: 400, reason: "Bad SDP" }
        : { status: 488, reason: "Not Acceptable Here" });
    }
    const applied = this.apply(made.value.negotiated);
    if (!applied.ok) return err({ status: 488, reason: "Not Acceptable Here" });
    return ok(made.value.sdp);
  }

  /** Puts the peer on hold (sendonly, RFC 3264 §8.4) or resumes (sendrecv): re-INVITE, then the answer applies. */
  async hold(on: boolean): Promise<Result<void, string>> {
    if (!this.dialog) return err("no dialog attached");
    const was = this.onHold;
    this.onHold = on;
    const sent = await this.dialog.reinvite(this.offer());
    if (!sent.ok) {
      this.onHold = was;
      return err(`re-INVITE failed: ${sent.error.status} ${sent.error.reason}`);
    }
    const applied = this.applyAnswer(sent.value);
    return applied.ok ? ok(undefined) : err(applied.error);
  }

  /** A digit by the account's method; resolves with the method once sent (INFO: once answered 2xx). */
  async sendDigit(digit: string, durationMs = DIGIT_MS): Promise<Result<DtmfMethod, string>> {
    const method = this.settings.dtmfMethod;
    if (method !== "info") return this.logged(this.media.sendDigit(digit, { method, durationMs }));
    if (!this.dialog) return err("no dialog attached");
    const sent = await this.dialog.info(DTMF_RELAY_CONTENT_TYPE, buildDtmfRelay({ digit, durationMs }));
    return this.logged(sent.ok ? ok("info") : err(`INFO failed: ${sent.error.status} ${sent.error.reason}`));
  }

  /** The hook flash to the far end: RFC 4733 event 16 (§3.2), or INFO with application/hook-flash `signal=hf`. */
  async sendFlash(method: "rfc4733" | "info"): Promise<Result<void, string>> {
    if (method === "rfc4733") {
      const sent = this.media.sendDigit("flash", { method: "rfc4733", durationMs: FLASH_MS });
      return this.logged(sent.ok && sent.value === "rfc4733" ? ok(undefined) : err("the peer did not negotiate telephone-event 16"));
    }
    if (!this.dialog) return err("no dialog attached");
    const sent = await this.dialog.info(HOOK_FLASH_CONTENT_TYPE, "signal=hf\r\n");
    return this.logged(sent.ok ? ok(undefined) : err(`INFO failed: ${sent.error.status} ${sent.error.reason}`));
  }

  /**
   * An INFO request of the dialog: a dtmf-relay digit is reported and gets 200;
   * another body gets 415, an unreadable dtmf-relay body 400 (RFC 6086 §4.2.2).
   */
  receiveInfo(contentType: string | undefined, body: string): 200 | 400 | 415 {
    const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== DTMF_RELAY_CONTENT_TYPE) return 415;
    const relay = parseDtmfRelay(body);
    if (!relay.ok) {
      this.log.warn(relay.error);
      return 400;
    }
    this.report({ digit: relay.value.digit, durationMs: relay.value.durationMs });
    return 200;
  }

  /** Digits from the peer, by RFC 4733 or INFO, once each with its duration. Returns the unsubscribe function. */
  onDigit(listener: (digit: ReceivedDigit) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stats(): MediaSessionStats {
    return this.media.stats();
  }

  /** RTCP BYE and sockets freed (RFC 3550 §6.6); every later call returns the same promise. */
  close(): Promise<void> {
    this.listeners.clear();
    return this.media.close();
  }

  private logged<T>(result: Result<T, string>): Result<T, string> {
    if (!result.ok) this.log.warn(result.error);
    return result;
  }

  private local(direction: Direction): ReturnType<MediaSession["localMedia"]> {
    return { ...this.media.localMedia(), direction, srtp: this.negotiator };
  }

  private apply(negotiated: NegotiatedAudio): Result<void, string> {
    let protector: PacketProtector | undefined;
    if (negotiated.srtp) {
      const made = this.negotiator.protector(negotiated.srtp);
      if (!made.ok) return err(`SRTP keys: ${made.error}`);
      protector = made.value;
    }
    if (this.started) this.media.update(negotiated, protector);
    else this.media.start(negotiated, protector);
    this.started = true;
    this.log.info(`media ${negotiated.codec.name} ${negotiated.direction} to ${negotiated.remoteAddress}:${negotiated.remotePort}${protector ? " (SRTP)" : ""}`);
    return ok(undefined);
  }

  private report(digit: ReceivedDigit): void {
    for (const listener of this.listeners) listener(digit);
  }
}
