/**
 * Scanner for the HTTP authentication header grammar used by SIP (RFC 3261 §25.1
 * `challenge` / `credentials`, RFC 7235 §2.1): `scheme name=value, name="quoted", ...`.
 * One header value may hold several challenges (a token followed by whitespace
 * and not by "=" starts the next one). Never throws: a malformed value yields the
 * challenges that were complete before the fault.
 *
 * Written here because src/sip/message exports no auth-param parser; if it gains
 * one, this file can become a re-export.
 */

export interface AuthParamList {
  /** The scheme as written, e.g. "Digest". */
  scheme: string;
  /** Lower-cased parameter names; values unquoted and unescaped. First occurrence wins. */
  params: Map<string, string>;
}

const TOKEN_CHAR = /[A-Za-z0-9\-.!%*_+`'~]/;

class Scanner {
  at = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.at >= this.text.length;
  }

  peek(): string {
    return this.text[this.at] ?? "";
  }

  /** Skips SP, HTAB and folded line ends; returns true if anything was skipped. */
  skipSpace(): boolean {
    const start = this.at;
    while (!this.done && " \t\r\n".includes(this.peek())) this.at++;
    return this.at > start;
  }

  token(): string {
    const start = this.at;
    while (!this.done && TOKEN_CHAR.test(this.peek())) this.at++;
    return this.text.slice(start, this.at);
  }

  /** A quoted-string starting at the current `"`, unescaped; undefined if unterminated. */
  quoted(): string | undefined {
    let out = "";
    for (this.at++; !this.done; this.at++) {
      const c = this.peek();
      if (c === '"') {
        this.at++;
        return out;
      }
      if (c === "\\") this.at++;
      out += this.text[this.at] ?? "";
    }
    return undefined;
  }
}

/** Parses every challenge (or credentials) in one header field value. */
export function parseAuthParamLists(value: string): AuthParamList[] {
  const s = new Scanner(value);
  const out: AuthParamList[] = [];
  let current: AuthParamList | undefined;
  for (let guard = 0; guard <= value.length; guard++) {
    s.skipSpace();
    while (s.peek() === ",") {
      s.at++;
      s.skipSpace();
    }
    if (s.done) break;
    const name = s.token();
    if (!name) return out; // a stray character: the rest cannot be trusted
    const spaced = s.skipSpace();
    if (s.peek() !== "=") {
      if (!spaced && !s.done && s.peek() !== ",") return out;
      current = { scheme: name, params: new Map() };
      out.push(current);
      continue;
    }
    s.at++;
    s.skipSpace();
    if (s.peek() === "=" || s.peek() === "," || s.done) {
      // RFC 7235 token68 ("abc==") of a scheme we do not speak: skip it.
      while (s.peek() === "=") s.at++;
      continue;
    }
    const parsed = s.peek() === '"' ? s.quoted() : s.token() || undefined;
    if (parsed === undefined) {
      if (current) out.pop();
      return out;
    }
    const key = name.toLowerCase();
    if (current && !current.params.has(key)) current.params.set(key, parsed);
  }
  return out;
}
