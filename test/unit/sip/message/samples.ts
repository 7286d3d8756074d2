/** Realistic messages shared by the message-layer tests (CRLF line ends). */

export function crlf(lines: string[]): string {
  return lines.join("\r\n");
}

export const SDP = crlf([
  "v=0",
  "o=alice 2890844526 2890844526 IN IP4 192.0.2.101",
  "s=-",
  "c=IN IP4 192.0.2.101",
  "t=0 0",
  "m=audio 49172 RTP/AVP 0 8 101",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:8 PCMA/8000",
  "a=rtpmap:101 telephone-event/8000",
  "a=fmtp:101 0-15",
  "",
]);

export const INVITE = crlf([
  "INVITE sip:bob@biloxi.example.com SIP/2.0",
  "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport",
  "Max-Forwards: 70",
  'To: "Bob" <sip:bob@biloxi.example.com>',
  "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
  "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
  "CSeq: 314159 INVITE",
  "Contact: <sip:alice@pc33.atlanta.example.com;transport=udp>",
  "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, NOTIFY, REFER",
  "Supported: replaces, timer",
  "User-Agent: dialtone/0.1",
  "Content-Type: application/sdp",
  `Content-Length: ${Buffer.byteLength(SDP)}`,
  "",
  SDP,
]);

export const OK_200 = crlf([
  "SIP/2.0 200 OK",
  "Via: SIP/2.0/UDP server10.biloxi.example.com;branch=z9hG4bK4b43c2ff8.1;received=192.0.2.3",
  "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;received=192.0.2.101;rport=5060",
  'To: "Bob" <sip:bob@biloxi.example.com>;tag=a6c85cf',
  "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
  "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
  "CSeq: 314159 INVITE",
  "Contact: <sip:bob@192.0.2.4>",
  "Content-Type: application/sdp",
  `Content-Length: ${Buffer.byteLength(SDP)}`,
  "",
  SDP,
]);

export const CHALLENGE_401 = crlf([
  "SIP/2.0 401 Unauthorized",
  "Via: SIP/2.0/UDP 192.0.2.50:5060;branch=z9hG4bKnashds7;received=198.51.100.7;rport=40123",
  "From: Kitchen <sip:1001@sip.example.net>;tag=a73kszlfl",
  "To: Kitchen <sip:1001@sip.example.net>;tag=1410948204",
  "Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.50",
  "CSeq: 1 REGISTER",
  'WWW-Authenticate: Digest realm="sip.example.net", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", opaque="", algorithm=MD5, qop="auth"',
  "Server: Kamailio",
  "Content-Length: 0",
  "",
  "",
]);
