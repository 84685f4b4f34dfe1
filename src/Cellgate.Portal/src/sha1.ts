// SHA-1 of a password, as EMnify's login expects. WebCrypto where the page is a secure context (localhost, https);
// a small fallback otherwise (a LAN address over plain http has no crypto.subtle).
export async function sha1Hex(text: string): Promise<string> {
  const data = new TextEncoder().encode(text);
  const bytes = globalThis.crypto?.subtle ? new Uint8Array(await crypto.subtle.digest('SHA-1', data)) : sha1(data);
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

function sha1(msg: Uint8Array): Uint8Array {
  const len = msg.length, words = new Uint32Array((((len + 8) >> 6) + 1) * 16);
  for (let i = 0; i < len; i++) words[i >> 2] |= msg[i] << (24 - (i % 4) * 8);
  words[len >> 2] |= 0x80 << (24 - (len % 4) * 8);
  words[words.length - 1] = len * 8;
  let h0 = 0x67452301, h1 = 0xefcdab89, h2 = 0x98badcfe, h3 = 0x10325476, h4 = 0xc3d2e1f0;
  const w = new Uint32Array(80);
  const rol = (x: number, n: number) => (x << n) | (x >>> (32 - n));
  for (let off = 0; off < words.length; off += 16) {
    for (let t = 0; t < 80; t++) w[t] = t < 16 ? words[off + t] : rol(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    let a = h0, b = h1, c = h2, d = h3, e = h4;
    for (let t = 0; t < 80; t++) {
      const f = t < 20 ? (b & c) | (~b & d) : t < 40 ? b ^ c ^ d : t < 60 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
      const k = t < 20 ? 0x5a827999 : t < 40 ? 0x6ed9eba1 : t < 60 ? 0x8f1bbcdc : 0xca62c1d6;
      const tmp = (rol(a, 5) + f + e + k + w[t]) >>> 0;
      e = d; d = c; c = rol(b, 30) >>> 0; b = a; a = tmp;
    }
    h0 = (h0 + a) >>> 0; h1 = (h1 + b) >>> 0; h2 = (h2 + c) >>> 0; h3 = (h3 + d) >>> 0; h4 = (h4 + e) >>> 0;
  }
  const out = new Uint8Array(20), dv = new DataView(out.buffer);
  [h0, h1, h2, h3, h4].forEach((h, i) => dv.setUint32(i * 4, h));
  return out;
}
