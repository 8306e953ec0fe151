"""Sealing the votes of an electronic ballot for the tellers (ban kiểm phiếu).

The tellers choose a passphrase when the ballot opens. Argon2id over a random salt
turns it into the seed of an X25519 key pair; only the public key is kept on the
ballot. Each submission is sealed with `SealedBox(public_key)` (an ephemeral key per
box, so the server that seals cannot open, and two boxes of the same choices differ),
after padding to one length per ballot so that no box is longer for more items. At
the close a teller types the passphrase again and the private key exists in memory for
as long as the opening takes.

Plain PyNaCl, no Django: the parameters come from the caller.
"""

from __future__ import annotations

import json
import secrets

import nacl.exceptions
import nacl.pwhash.argon2id as argon2id
from nacl.public import PrivateKey, PublicKey, SealedBox

# The plaintext starts with this marker; tests look for it in the raw database files
# (it must never be found there: votes are only ever stored sealed).
MAGIC = b"DHVOTE1\x00"
MIN_PASSPHRASE = 12

# Argon2id limits by name (libsodium's presets; "min" is for tests only).
KDF_LIMITS = {
    "min": (argon2id.OPSLIMIT_MIN, argon2id.MEMLIMIT_MIN),
    "interactive": (argon2id.OPSLIMIT_INTERACTIVE, argon2id.MEMLIMIT_INTERACTIVE),
    "moderate": (argon2id.OPSLIMIT_MODERATE, argon2id.MEMLIMIT_MODERATE),
    "sensitive": (argon2id.OPSLIMIT_SENSITIVE, argon2id.MEMLIMIT_SENSITIVE),
}


class CannotOpen(Exception):
    """A box that does not open with the key, or holds no vote."""


def new_salt() -> str:
    return secrets.token_hex(argon2id.SALTBYTES)


def private_key(passphrase: str, salt_hex: str, ops: int, mem: int) -> PrivateKey:
    seed = argon2id.kdf(32, passphrase.encode("utf-8"), bytes.fromhex(salt_hex),
                        opslimit=ops, memlimit=mem)
    return PrivateKey.from_seed(seed)


def public_key_hex(key: PrivateKey) -> str:
    return bytes(key.public_key).hex()


def padded_length(item_count: int) -> int:
    """One length for every box of a ballot: room for a choice on every agenda item
    (`"2147483647":"abstain",` is 23 bytes) and the tag, rounded up to 256."""
    need = len(MAGIC) + 2 + 96 + 24 * max(item_count, 1)
    return -(-need // 256) * 256


def seal(public_hex: str, choices: dict[int, str], tag: str, item_count: int) -> bytes:
    body = json.dumps({"r": tag, "c": {str(k): v for k, v in sorted(choices.items())}},
                      separators=(",", ":")).encode("ascii")
    size = padded_length(item_count)
    if len(MAGIC) + 2 + len(body) > size:
        raise ValueError("too many choices for this ballot")
    plain = MAGIC + len(body).to_bytes(2, "big") + body
    plain += secrets.token_bytes(size - len(plain))
    return SealedBox(PublicKey(bytes.fromhex(public_hex))).encrypt(plain)


def open_box(key: PrivateKey, box: bytes) -> tuple[str, dict[int, str]]:
    """(receipt tag, {item id: choice}) of one sealed submission."""
    try:
        plain = SealedBox(key).decrypt(bytes(box))
    except nacl.exceptions.CryptoError as exc:
        raise CannotOpen("box does not open") from exc
    if not plain.startswith(MAGIC):
        raise CannotOpen("not a vote")
    size = int.from_bytes(plain[len(MAGIC):len(MAGIC) + 2], "big")
    start = len(MAGIC) + 2
    try:
        body = json.loads(plain[start:start + size])
        return body["r"], {int(k): v for k, v in body["c"].items()}
    except (ValueError, KeyError, TypeError) as exc:
        raise CannotOpen("malformed vote") from exc
