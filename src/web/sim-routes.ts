/**
 * The simulated board's routes (DESIGN.md §4), per line `n` (0-based):
 *   GET    /api/sim/lines/:n                 → {offHook, ringing, bell, polarity, callerId, mwi}
 *   POST   /api/sim/lines/:n/hook            {"offHook": bool} → the state
 *   POST   /api/sim/lines/:n/flash           (optional {"durationMs"}) → 202 {durationMs}
 *   POST   /api/sim/lines/:n/dial            {"digits", "method": "dtmf"|"pulse"} → 202 {digits, method, durationMs}
 *   PUT    /api/sim/lines/:n/mouthpiece      WAV body (8 kHz mono 16-bit) → {samples, durationMs}; 422 names a bad WAV
 *   DELETE /api/sim/lines/:n/mouthpiece      → 204
 *   GET    /api/sim/lines/:n/earpiece.wav?ms=2000 → audio/wav of the last ms heard
 *   PUT    /api/sim/lines/:n/hybrid          {"erlDb", "delayMs"} → the same: the line echoes the earpiece into the mouthpiece
 *   DELETE /api/sim/lines/:n/hybrid          → 204 (an ideal line again)
 * A line that is not simulated (or does not exist) is 404; dialing or flashing on-hook
 * or while still dialing is 409.
 */
import type { SimHandset, HandsetError } from "../../board/sim/index.js";
import type { Result } from "../util/result.js";
import { HttpError, json, parseJsonObject, readBody, readJsonObject, type Reply } from "./http-io.js";
import type { RouteContext } from "./route-context.js";
import type { Route } from "./router.js";
import { parseWav, writeWav } from "./wav.js";

export type SimHandsets = (index: number) => SimHandset | undefined;

/** "" (no Content-Type, as `curl -T file` sends) is taken as application/octet-stream (RFC 9110 §8.3). */
const WAV_TYPES = ["audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave", "application/octet-stream", ""];
/** About 8.7 minutes of 8 kHz 16-bit audio. */
const MAX_WAV_BYTES = 8 * 1024 * 1024;
const LINE = "/api/sim/lines/:n";

export function simRoutes(handsets: SimHandsets): Route[] {
  const handsetOf = (context: RouteContext): SimHandset => {
    const text = context.params.n!;
    const handset = /^(0|[1-9][0-9]{0,2})$/.test(text) ? handsets(Number(text)) : undefined;
    if (handset === undefined) throw new HttpError(404, `line ${text} is not a simulated line`);
    return handset;
  };
  const route = (method: Route["method"], suffix: string, handle: (handset: SimHandset, context: RouteContext) => Promise<Reply>): Route => ({
    method, pattern: LINE + suffix, handle: (context) => handle(handsetOf(context), context),
  });

  return [
    route("GET", "", async (handset) => json(200, handset.state)),
    route("POST", "/hook", async (handset, { request }) => {
      const body = await readJsonObject(request);
      if (typeof body.offHook !== "boolean") throw new HttpError(422, "offHook must be true or false", {}, { path: "offHook" });
      if (body.offHook) handset.lift();
      else handset.replace();
      return json(200, handset.state);
    }),
    route("POST", "/flash", async (handset, { request }) => {
      const body = await readBody(request, ["application/json"], 1024, true);
      const options = body.length === 0 ? {} : parseJsonObject(body);
      if (options.durationMs !== undefined && typeof options.durationMs !== "number") {
        throw new HttpError(422, "durationMs must be a number of milliseconds", {}, { path: "durationMs" });
      }
      const durationMs = unwrap(handset.flash(options.durationMs));
      return json(202, { durationMs });
    }),
    route("POST", "/dial", async (handset, { request }) => {
      const body = await readJsonObject(request);
      if (typeof body.digits !== "string") throw new HttpError(422, "digits must be a string such as \"1002\"", {}, { path: "digits" });
      const method = body.method ?? "dtmf";
      if (method !== "dtmf" && method !== "pulse") throw new HttpError(422, "method must be \"dtmf\" or \"pulse\"", {}, { path: "method" });
      const durationMs = unwrap(handset.dial(body.digits, method));
      return json(202, { digits: body.digits, method, durationMs });
    }),
    route("PUT", "/mouthpiece", async (handset, { request }) => {
      const wav = parseWav(await readBody(request, WAV_TYPES, MAX_WAV_BYTES));
      if (!wav.ok) throw new HttpError(422, `not usable audio (${wav.error}): send a WAV of 8000 Hz mono 16-bit PCM`);
      handset.setMouthpiece(wav.value);
      return json(200, { samples: wav.value.length, durationMs: wav.value.length / 8 });
    }),
    route("DELETE", "/mouthpiece", async (handset) => {
      handset.clearMouthpiece();
      return { status: 204 };
    }),
    route("PUT", "/hybrid", async (handset, { request }) => {
      const body = await readJsonObject(request);
      for (const key of ["erlDb", "delayMs"] as const) {
        const value = body[key];
        if (typeof value !== "number" || !(value >= 0 && value <= 60)) throw new HttpError(422, `${key} must be a number from 0 to 60`, {}, { path: key });
      }
      const settings = { erlDb: body.erlDb as number, delayMs: body.delayMs as number };
      handset.hybrid.set(settings);
      return json(200, settings);
    }),
    route("DELETE", "/hybrid", async (handset) => {
      handset.hybrid.set(undefined);
      return { status: 204 };
    }),
    route("GET", "/earpiece.wav", async (handset, { url }) => {
      const text = url.searchParams.get("ms") ?? "2000";
      const ms = /^[0-9]{1,7}$/.test(text) ? Number(text) : NaN;
      const maxMs = handset.earpieceCapacityMs;
      if (!(ms >= 1 && ms <= maxMs)) throw new HttpError(400, `ms must be a whole number from 1 to ${maxMs} (got ${JSON.stringify(text)})`);
      return { status: 200, bytes: { data: writeWav(handset.earpiece(ms)), type: "audio/wav" } };
    }),
  ];
}

function unwrap<T>(result: Result<T, HandsetError>): T {
  if (result.ok) return result.value;
  throw new HttpError(result.error.kind === "conflict" ? 409 : 422, result.error.message);
}
