/**
 * Realistic SDP bodies, written for these tests in the shape real peers send
 * (line endings CRLF as on the wire). Addresses are documentation ranges.
 */
const crlf = (lines: string[]): string => lines.join("\r\n") + "\r\n";

/** baresip 3.x style: opus first, G.722, G.711, telephone-event at both 48000 and 8000, rtcp-mux. */
export const BARESIP_OFFER = crlf([
  "v=0",
  "o=- 1183245829 3981520563 IN IP4 192.0.2.50",
  "s=-",
  "c=IN IP4 192.0.2.50",
  "t=0 0",
  "m=audio 10634 RTP/AVP 96 9 0 8 101 102",
  "b=AS:96",
  "a=rtpmap:96 opus/48000/2",
  "a=fmtp:96 stereo=1;sprop-stereo=1",
  "a=rtpmap:9 G722/8000",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:8 PCMA/8000",
  "a=rtpmap:101 telephone-event/48000",
  "a=fmtp:101 0-15",
  "a=rtpmap:102 telephone-event/8000",
  "a=fmtp:102 0-15",
  "a=sendrecv",
  "a=label:1",
  "a=rtcp-rsize",
  "a=ssrc:1932946290 cname:a3c1f0d2-54d8-4c11-9b55-2f1ce0f03a11",
  "a=rtcp-mux",
  "a=ptime:20",
]);

/** Asterisk 18 (chan_pjsip) style: many codecs, its own preference first, maxptime. */
export const ASTERISK_OFFER = crlf([
  "v=0",
  "o=- 1433276384 1433276384 IN IP4 203.0.113.10",
  "s=Asterisk",
  "c=IN IP4 203.0.113.10",
  "t=0 0",
  "m=audio 14652 RTP/AVP 9 8 0 3 111 18 107 97 101",
  "a=rtpmap:9 G722/8000",
  "a=rtpmap:8 PCMA/8000",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:3 GSM/8000",
  "a=rtpmap:111 G726-32/8000",
  "a=rtpmap:18 G729/8000",
  "a=fmtp:18 annexb=no",
  "a=rtpmap:107 opus/48000/2",
  "a=fmtp:107 useinbandfec=1",
  "a=rtpmap:97 iLBC/8000",
  "a=fmtp:97 mode=30",
  "a=rtpmap:101 telephone-event/8000",
  "a=fmtp:101 0-16",
  "a=ptime:20",
  "a=maxptime:150",
  "a=sendrecv",
]);

/** The same Asterisk dialog putting us on hold: re-INVITE, version + 1, a=sendonly (RFC 3264 §8.4). */
export const ASTERISK_HOLD_REOFFER = ASTERISK_OFFER
  .replace("1433276384 1433276384", "1433276384 1433276385")
  .replace("a=sendrecv", "a=sendonly");

/** An older phone holding the RFC 2543 way: c=0.0.0.0, no direction attribute. */
export const NULL_ADDRESS_HOLD = crlf([
  "v=0",
  "o=Cisco-SIPUA 22015 2 IN IP4 192.0.2.77",
  "s=SIP Call",
  "c=IN IP4 0.0.0.0",
  "t=0 0",
  "m=audio 20000 RTP/AVP 0 101",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:101 telephone-event/8000",
  "a=fmtp:101 0-15",
]);

/** A softphone offering audio and video (Linphone style), audio on its own c= line. */
export const AUDIO_VIDEO_OFFER = crlf([
  "v=0",
  "o=alice 3723 1287 IN IP4 198.51.100.20",
  "s=Talk",
  "c=IN IP4 198.51.100.20",
  "t=0 0",
  "m=audio 7078 RTP/AVP 96 0 8 101",
  "c=IN IP4 198.51.100.21",
  "a=rtpmap:96 opus/48000/2",
  "a=rtpmap:101 telephone-event/8000",
  "a=rtcp:7079",
  "m=video 9078 RTP/AVP 96 97",
  "a=rtpmap:96 VP8/90000",
  "a=rtpmap:97 H264/90000",
  "a=fmtp:97 profile-level-id=42801F",
]);

/** Video first, then a T.38 fax stream, then audio (static types, no rtpmap). */
export const VIDEO_FAX_AUDIO_OFFER = crlf([
  "v=0",
  "o=- 5 5 IN IP6 2001:db8::5",
  "s=-",
  "c=IN IP6 2001:db8::5",
  "t=0 0",
  "m=video 5006 RTP/AVP 34",
  "m=image 5008 udptl t38",
  "a=T38FaxVersion:0",
  "m=audio 5004 RTP/AVP 8 0",
  "a=ptime:30",
]);

/** Two audio streams: SRTP-only first (RFC 4568 a=crypto), plain RTP second. */
export const SRTP_THEN_RTP_OFFER = crlf([
  "v=0",
  "o=- 77 1 IN IP4 192.0.2.90",
  "s=-",
  "c=IN IP4 192.0.2.90",
  "t=0 0",
  "m=audio 30000 RTP/SAVP 0 101",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:101 telephone-event/8000",
  "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32",
  "m=audio 30002 RTP/AVP 0 101",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:101 telephone-event/8000",
]);
