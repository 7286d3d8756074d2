/**
 * Public surface of the line echo canceller: one per analog port, on the handset's audio
 * before it is sent. The port controller gives it, each 20 ms tick, the frame it played
 * to the phone and the frame the phone sent over the same tick:
 *
 *   const echo = new LineEchoCanceller({ log: logs.get("line.echo", port) });
 *   line.audio.onCapture((frame, atMs) => {
 *     const played = nextPlayout(frame.length);   // RTP audio or a tone, as played now
 *     line.audio.play(played);
 *     dtmf.frame(frame, atMs);                     // the receiver keeps the raw capture
 *     media.send(echo.process(played, frame));     // echo removed; a copy while `disabled`
 *   });
 *   // new call: echo.reset()
 *
 * The sound card's playback-to-capture latency adds to the hybrid's delay: what is played
 * must come back within `tailMs` (64 ms by default, up to 128). With a 2100 Hz answer tone
 * (fax, modem) `disabled` turns true and the capture passes sample for sample until the line
 * has been quiet for 250 ms.
 */
export { LineEchoCanceller } from "./line-echo-canceller.js";
export type { LineEchoCancellerOptions } from "./line-echo-canceller.js";
