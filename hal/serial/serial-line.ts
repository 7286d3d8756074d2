/**
 * One port of a dialtone-line controller as a Line (hal/line.ts). Hook edges come from the
 * controller with its timestamps mapped to our clock; ring and polarity are commands that
 * resolve when the controller acknowledged them; digits are there when the controller
 * decodes DTMF. Audio is the caller's (a sound card). While the controller is away, ring
 * and polarity requests are refused but remembered, and applied again when it is back
 * (docs/line-protocol.md §7).
 */
import type { Logger } from "../../src/util/log.js";
import type { HardwareDigit, HookEdge, HookState, Line, LineAudio, LineFault, Polarity, Unsubscribe } from "../line.js";
import { Listeners } from "../listeners.js";
import type { Command } from "./command-channel.js";
import type { ControllerClient } from "./controller-client.js";

export interface SerialLineDeps {
  /** Index of the line on its board (the HTTP API's `:n`), not the controller's port number. */
  readonly index: number;
  /** The controller's port this line is. */
  readonly port: number;
  readonly client: ControllerClient;
  readonly log: Logger;
  readonly audio: LineAudio;
  /** Runs once at close, after the port is released (the shared controller, the audio). */
  readonly onClose?: () => Promise<void> | void;
}

export class SerialLine implements Line {
  private ringOn = false;
  private polarityState: Polarity = "forward";
  private closed = false;
  private readonly hookListeners = new Listeners<HookEdge>();
  private readonly digitListeners = new Listeners<HardwareDigit>();
  private readonly faultListeners = new Listeners<LineFault>();
  private readonly detach: Unsubscribe;
  readonly onHardwareDigit?: (listener: (digit: HardwareDigit) => void) => Unsubscribe;

  /**
   * §2: a new line tells the controller what it wants (ring off, polarity forward), since
   * a controller that outlived an earlier host may still be ringing. Rejects, with the line
   * closed again, when the controller does not take it.
   */
  static async open(deps: SerialLineDeps): Promise<SerialLine> {
    const line = new SerialLine(deps);
    try {
      await line.apply();
    } catch (e) {
      await line.close();
      throw e;
    }
    return line;
  }

  private constructor(private readonly deps: SerialLineDeps) {
    const { client, port } = deps;
    this.detach = client.attach(port, {
      hookEdge: (state, atMs) => this.hookEdge(state, atMs),
      digit: (digit) => this.digitListeners.emit(digit),
      fault: (fault) => this.fault(fault),
      restored: () => this.restore(),
    });
    if (client.identity.dtmf) this.onHardwareDigit = (listener) => this.subscribe(this.digitListeners, listener);
    deps.log.info(`opened: controller port ${port}, hook ${this.hook}, DTMF ${client.identity.dtmf ? "from the controller" : "software"}`);
  }

  get index(): number {
    return this.deps.index;
  }

  get hook(): HookState {
    return this.deps.client.hook(this.deps.port);
  }

  get ringing(): boolean {
    return this.ringOn;
  }

  get polarity(): Polarity {
    return this.polarityState;
  }

  get audio(): LineAudio {
    return this.deps.audio;
  }

  onHookEdge(listener: (edge: HookEdge) => void): Unsubscribe {
    return this.subscribe(this.hookListeners, listener);
  }

  onFault(listener: (fault: LineFault) => void): Unsubscribe {
    return this.subscribe(this.faultListeners, listener);
  }

  async setRing(on: boolean): Promise<void> {
    this.assertOpen();
    if (on && this.hook === "off") {
      this.deps.log.debug("ring request ignored: off-hook");
      return;
    }
    this.ringOn = on;
    await this.send({ kind: "ring", port: this.deps.port, on });
  }

  async setPolarity(polarity: Polarity): Promise<void> {
    this.assertOpen();
    this.polarityState = polarity;
    await this.send({ kind: "polarity", port: this.deps.port, polarity });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ringOn && this.deps.client.state === "ready") {
      this.ringOn = false;
      const stopped = await this.deps.client.command({ kind: "ring", port: this.deps.port, on: false });
      if (!stopped.ok) this.deps.log.warn(`could not stop ringing at close: ${stopped.error}`);
    }
    this.detach();
    this.hookListeners.clear();
    this.digitListeners.clear();
    this.faultListeners.clear();
    this.deps.log.info("closed");
    await this.deps.onClose?.();
  }

  /** Sends a command; a refusal or a lost link rejects, a ring refused for off-hook resolves (ring trip). */
  private async send(command: Command): Promise<void> {
    const reply = await this.deps.client.command(command);
    if (!reply.ok) throw new Error(`line ${this.index}: ${reply.error}`);
    const { answer } = reply.value;
    if (answer.kind === "ack") {
      // An off-hook edge that overtook the acknowledgement: the controller tripped the ring.
      if (command.kind === "ring" && this.hook === "off") this.ringOn = false;
      return;
    }
    if (command.kind === "ring" && answer.code === "offhook") {
      this.ringOn = false;
      return;
    }
    // Refused for another reason: no ring is on; a refused polarity stays wanted (re-sent after a restart).
    if (command.kind === "ring") this.ringOn = false;
    throw new Error(`line ${this.index}: controller refused ${command.kind} (${answer.code}${answer.text ? `: ${answer.text}` : ""})`);
  }

  /** §7 step 3: the controller is back; it should ring and be poled as we last asked. */
  private async restore(): Promise<void> {
    if (this.closed) return;
    if (this.hook === "off") this.ringOn = false;
    try {
      await this.apply();
    } catch (e) {
      this.deps.log.warn(`could not re-apply ring and polarity: ${(e as Error).message}`);
      return;
    }
    this.fault({ message: `controller back; ring ${this.ringOn ? "on" : "off"}, polarity ${this.polarityState} re-applied`, retrying: false, recovered: true });
  }

  private async apply(): Promise<void> {
    await this.send({ kind: "ring", port: this.deps.port, on: this.ringOn });
    await this.send({ kind: "polarity", port: this.deps.port, polarity: this.polarityState });
  }

  private hookEdge(state: HookState, atMs: number): void {
    if (state === "off" && this.ringOn) {
      this.ringOn = false;
      this.deps.log.info("ring trip: off-hook while ringing, the controller stopped ringing");
    }
    this.hookListeners.emit({ state, atMs });
  }

  private fault(fault: LineFault): void {
    (fault.recovered ? this.deps.log.info : this.deps.log.warn)(fault.message);
    this.faultListeners.emit(fault);
  }

  private subscribe<T>(listeners: Listeners<T>, listener: (value: T) => void): Unsubscribe {
    this.assertOpen();
    return listeners.add(listener);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`serial line ${this.deps.index} is closed`);
  }
}
