/** Branch values for new client transactions (RFC 3261 §8.1.1.7). */
import { randomBytes } from "node:crypto";
import { MAGIC_COOKIE } from "./matching.js";
import type { BranchFactory } from "./types.js";

/** The magic cookie followed by 128 random bits in hex: unique across space and time. */
export const newBranch: BranchFactory = () => MAGIC_COOKIE + randomBytes(16).toString("hex");
