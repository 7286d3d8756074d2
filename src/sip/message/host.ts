/** host [":" port] as in SIP URIs and Via sent-by (RFC 3261 §25.1 hostport). */

export interface HostPort {
  /** Lower-cased; IPv6 without brackets. */
  host: string;
  port: number | undefined;
}

/** Parses "host", "host:port", "[v6]" or "[v6]:port"; undefined when malformed. */
export function readHostPort(text: string): HostPort | undefined {
  let host: string;
  let rest: string;
  if (text.charCodeAt(0) === 0x5b) {
    const close = text.indexOf("]");
    if (close < 0) return undefined;
    host = text.slice(1, close);
    if (!isIpv6(host)) return undefined;
    rest = text.slice(close + 1);
  } else {
    const colon = text.indexOf(":");
    host = colon < 0 ? text : text.slice(0, colon);
    if (!isHostname(host)) return undefined;
    rest = colon < 0 ? "" : text.slice(colon);
  }
  host = lowerAscii(host);
  if (rest.length === 0) return { host, port: undefined };
  if (rest.charCodeAt(0) !== 0x3a || rest.length < 2 || rest.length > 6) return undefined;
  let port = 0;
  for (let i = 1; i < rest.length; i++) {
    const d = rest.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return undefined;
    port = port * 10 + d;
  }
  return port <= 65535 ? { host, port } : undefined;
}

/** toLowerCase, skipping the copy when there is nothing to lower. */
function lowerAscii(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) return text.toLowerCase();
  }
  return text;
}

/** hostname / IPv4address: alphanumerics, "-" and "."; not empty. */
function isHostname(host: string): boolean {
  if (host.length === 0) return false;
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    const alnum = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
    if (!alnum && c !== 0x2d && c !== 0x2e) return false;
  }
  return true;
}

/** Hex groups, colons and (for an embedded IPv4 tail) dots; at least one colon. */
function isIpv6(host: string): boolean {
  if (host.length < 2 || host.indexOf(":") < 0) return false;
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    const hex = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
    if (!hex && c !== 0x3a && c !== 0x2e) return false;
  }
  return true;
}

/** host[:port] with brackets restored around IPv6. */
export function formatHostPort(host: string, port: number | undefined): string {
  const h = host.indexOf(":") >= 0 ? `[${host}]` : host;
  return port === undefined ? h : `${h}:${port}`;
}
