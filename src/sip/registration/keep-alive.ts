/**
 * Keeps a registration's path alive between refreshes and notices when the
 * registrar has gone (RFC 5626 §4.4 in spirit): "crlf" asks the core to send a
 * double CRLF on the flow; "options" sends OPTIONS to the registrar and reports
 * it lost when the probe times out, fails in transport, or comes back 408.
 * Runs only while started; answers to a probe sent before stop() are ignored.
 */
import type { SipResponse } from "../message/index.js";
import type { RequestSender } from "../ua/types.js";
import type { Clock, Timer } from "../../util/clock.js";
import type { Logger } from "../../util/log.js";
import { buildOptions } from "./requests.js";
import type { RequestIdentity } from "./requests.js";
import { keepAliveDelayMs } from "./timing.js";
import type { KeepAliveOptions } from "./types.js";

export interface KeepAliveDeps {
  options: KeepAliveOptions;
  clock: Clock;
  random: () => number;
  sender: RequestSender;
  identity: RequestIdentity;
  log: Logger;
  /** The registrar did not answer a probe; the keep-alive has stopped itself. */
  onRegistrarLost: (status: number, reason: string) => void;
}

export class KeepAlive {
  private timer: Timer | undefined;
  /** Bumped by start() and stop(); a probe answer counts only for the run that sent it. */
  private run = 0;

  constructor(private readonly deps: KeepAliveDeps) {
    if (deps.options.mode === "crlf" && !deps.options.sendCrlf) {
      throw new Error("keep-alive mode crlf needs sendCrlf");
    }
  }

  /** Starts (or restarts) the schedule; the first keep-alive goes after one interval. */
  start(): void {
    if (this.deps.options.mode === "off" || this.deps.options.intervalMs <= 0) return;
    this.stop();
    this.schedule(this.run);
  }

  stop(): void {
    this.run++;
    this.timer?.cancel();
    this.timer = undefined;
  }

  private schedule(run: number): void {
    const delay = keepAliveDelayMs(this.deps.options.intervalMs, this.deps.random);
    this.timer = this.deps.clock.setTimer(delay, () => {
      this.timer = undefined;
      if (run === this.run) this.fire(run);
    });
  }

  private fire(run: number): void {
    const { options } = this.deps;
    if (options.mode === "crlf") {
      options.sendCrlf?.();
      this.schedule(run);
      return;
    }
    this.deps.sender.send(buildOptions(this.deps.identity), {
      onResponse: (response: SipResponse) => {
        if (run !== this.run || response.status < 200) return;
        if (response.status === 408) this.lost(408, response.reason);
        else this.schedule(run);
      },
      onTimeout: () => {
        if (run === this.run) this.lost(408, "OPTIONS timed out");
      },
      onTransportError: (error) => {
        if (run === this.run) this.lost(503, error.message);
      },
    });
  }

  private lost(status: number, reason: string): void {
    this.deps.log.warn(`registrar did not answer OPTIONS (${status} ${reason})`);
    this.stop();
    this.deps.onRegistrarLost(status, reason);
  }
}
