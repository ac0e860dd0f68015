// Sealed ballots in the browser: the voter's choice is encrypted here, on her own device,
// and the server receives only ciphertexts with their proofs (soviet.crypto, which this
// file follows exactly: exponential ElGamal over the prime-order subgroup of Ed25519,
// Belenios-style disjunctive Chaum-Pedersen proofs, Fiat-Shamir with SHA-512 over
// length-prefixed parts, reduced mod l). The group operations are @noble/ed25519's
// (vendored beside this file with its licence); SHA-512 and SHA-256 are the browser's own
// (crypto.subtle, which a page has over HTTPS or on this machine).
//
// encryptBallot(ed, terms, choice) -> {ballot, receipt, opening}: `ed` is the imported
// noble module, `terms` what GET .../sealing answers, `choice` one of terms.choices. The
// opening (choices and randomness) is what a Benaloh audit shows; auditBallot checks it.

const ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;
const encoder = new TextEncoder();

function mod(n) {
  const r = n % ORDER;
  return r < 0n ? r + ORDER : r;
}

function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function fromHex(text) {
  if (!/^([0-9a-f]{2})*$/.test(text)) throw new Error("not lowercase hex");
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

function scalarBytes(n) {
  let v = mod(n);
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return bytes;
}

function littleEndian(bytes) {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
  return n;
}

function randomScalar() {
  const bytes = new Uint8Array(64); // 512 bits reduced mod l: no bias worth the name
  crypto.getRandomValues(bytes);
  return (littleEndian(bytes) % (ORDER - 1n)) + 1n;
}

async function hashToScalar(parts) {
  const chunks = [];
  for (const part of parts) {
    const data = typeof part === "string" ? encoder.encode(part) : part;
    const length = new Uint8Array(8);
    new DataView(length.buffer).setBigUint64(0, BigInt(data.length), false);
    chunks.push(length, data);
  }
  const size = chunks.reduce((total, c) => total + c.length, 0);
  const joined = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    joined.set(c, at);
    at += c.length;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-512", joined));
  return littleEndian(digest) % ORDER;
}

function group(ed) {
  const { Point } = ed;
  const base = (n) => (mod(n) === 0n ? Point.ZERO : Point.BASE.multiply(mod(n)));
  const mul = (n, p) => (mod(n) === 0n || p.equals(Point.ZERO) ? Point.ZERO : p.multiply(mod(n)));
  const point = (hex) => {
    const p = Point.fromHex(hex);
    if (p.equals(Point.ZERO) || !p.isTorsionFree()) throw new Error("not a point of the group");
    return p;
  };
  return { base, mul, point, bytes: (p) => p.toBytes() };
}

async function proveRange(g, context, key, cipher, message, randomness, lo, hi) {
  const size = hi - lo + 1;
  const challenges = new Array(size).fill(0n);
  const responses = new Array(size).fill(0n);
  const commitments = [];
  const nonce = randomScalar();
  for (let j = 0; j < size; j++) {
    if (lo + j === message) {
      commitments.push(g.base(nonce), g.mul(nonce, key));
      continue;
    }
    challenges[j] = randomScalar();
    responses[j] = randomScalar();
    const shifted = cipher.beta.subtract(g.base(BigInt(lo + j)));
    commitments.push(
      g.base(responses[j]).add(g.mul(challenges[j], cipher.alpha)),
      g.mul(responses[j], key).add(g.mul(challenges[j], shifted)),
    );
  }
  const total = await hashToScalar([
    "soviet/range",
    context,
    g.bytes(key),
    g.bytes(cipher.alpha),
    g.bytes(cipher.beta),
    String(lo),
    ...commitments.map(g.bytes),
  ]);
  const own = message - lo;
  challenges[own] = mod(total - challenges.reduce((a, b) => a + b, 0n));
  responses[own] = mod(nonce - randomness * challenges[own]);
  return challenges.map((c, j) => ({
    challenge: toHex(scalarBytes(c)),
    response: toHex(scalarBytes(responses[j])),
  }));
}

function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

async function sha256Hex(text) {
  return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text))));
}

export async function encryptBallot(ed, terms, choice) {
  const index = terms.choices.indexOf(choice);
  if (index < 0) throw new Error(`choice: must be one of ${terms.choices.join(", ")}`);
  const g = group(ed);
  const key = g.point(terms.public_key);
  const credential = toHex(crypto.getRandomValues(new Uint8Array(16)));
  const context = `${terms.poll}|${credential}`;
  const marks = terms.choices.map((_, i) => (i === index ? 1 : 0));
  const randomness = marks.map(() => randomScalar());
  const ciphers = marks.map((m, i) => ({
    alpha: g.base(randomness[i]),
    beta: g.mul(randomness[i], key).add(g.base(BigInt(m))),
  }));
  const choices = [];
  for (let i = 0; i < marks.length; i++) {
    const proof = await proveRange(g, context, key, ciphers[i], marks[i], randomness[i], 0, 1);
    choices.push({
      alpha: toHex(g.bytes(ciphers[i].alpha)),
      beta: toHex(g.bytes(ciphers[i].beta)),
      proof,
    });
  }
  const sum = ciphers.reduce((a, c) => ({ alpha: a.alpha.add(c.alpha), beta: a.beta.add(c.beta) }));
  const total = marks.reduce((a, b) => a + b, 0);
  const sumRandomness = randomness.reduce((a, b) => a + b, 0n);
  const sumProof = await proveRange(
    g, context, key, sum, total, sumRandomness, terms.least, terms.most,
  );
  const ballot = { credential, choices, sum_proof: sumProof };
  return {
    ballot,
    receipt: await sha256Hex(canonical(ballot)),
    opening: { choices: marks, randomness: randomness.map((r) => toHex(scalarBytes(r))) },
  };
}

export function auditBallot(ed, terms, ballot, opening) {
  // Benaloh's audit: the opened choices and randomness re-encrypt to the ballot's ciphertexts.
  const g = group(ed);
  const key = g.point(terms.public_key);
  return ballot.choices.every((c, i) => {
    const r = littleEndian(fromHex(opening.randomness[i]));
    const alpha = g.base(r);
    const beta = g.mul(r, key).add(g.base(BigInt(opening.choices[i])));
    return toHex(g.bytes(alpha)) === c.alpha && toHex(g.bytes(beta)) === c.beta;
  });
}

// A trustee's share of the decryption of a sealed poll's tally, made here from the share
// of the key in her key file (never sent): per choice, alpha^s with a Chaum-Pedersen proof
// that it was made with the share whose public part the ceremony holds.
export async function shareDecryption(ed, tally, keyFile) {
  const g = group(ed);
  const secret = littleEndian(fromHex(keyFile.share));
  const verificationKey = g.base(secret);
  const context = `${tally.poll}|trustee ${keyFile.trustee}`;
  const shares = [];
  const challenges = [];
  const responses = [];
  for (const alphaHex of tally.alphas) {
    const alpha = ed.Point.fromHex(alphaHex); // the identity, for a choice nobody marked
    if (!alpha.isTorsionFree()) throw new Error("the tally holds a point outside the group");
    const share = g.mul(secret, alpha);
    const nonce = randomScalar();
    const challenge = await hashToScalar([
      "soviet/decryption",
      context,
      g.bytes(verificationKey),
      g.bytes(alpha),
      g.bytes(share),
      g.bytes(g.base(nonce)),
      g.bytes(g.mul(nonce, alpha)),
    ]);
    shares.push(toHex(g.bytes(share)));
    challenges.push(toHex(scalarBytes(challenge)));
    responses.push(toHex(scalarBytes(nonce + challenge * secret)));
  }
  return { shares, challenges, responses };
}
