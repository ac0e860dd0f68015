"""Verifiable secret ballots: exponential ElGamal over the prime-order subgroup of Ed25519
(libsodium's operations through PyNaCl), zero-knowledge proofs, threshold trustees, the board.

Pure code: no other soviet layer, no I/O. Not yet wired into elections or motions
(see docs/verifiability.md).
"""
