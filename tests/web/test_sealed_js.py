"""Sealed ballots encrypted in the browser (static/sealed.js with the vendored
@noble/ed25519), in Debian's Chromium: the ballot a page makes passes soviet.crypto's checks
of every proof, decrypts with the key's secret to the choice it was given, has the receipt
Python computes, opens under Benaloh's audit (and a wrong opening does not), and a key that
is not a point of the group is refused."""

from __future__ import annotations

from typing import Any

from soviet.crypto import elgamal, group
from soviet.crypto.ballot import ballot_from_json, digest, verify_ballot
from soviet.web import assets

from ..api.server import Server
from ..api.world import World

POLL = "russia-1917/congress/peace"


def _page(web: tuple[Server, str, World], browser: Any) -> Any:
    server, _, _ = web
    page = browser.new_page()
    page.goto(server.url.removesuffix("/api/v1") + "/")
    return page


ENCRYPT = """async ([sealed, noble, terms, choice]) => {
  const s = await import(sealed);
  const ed = await import(noble);
  const made = await s.encryptBallot(ed, terms, choice);
  const c = made.opening.choices;
  const wrong = {...made.opening, choices: [...c.slice(1), c[0]]};
  return {...made, audit: s.auditBallot(ed, terms, made.ballot, made.opening),
          wrong_audit: s.auditBallot(ed, terms, made.ballot, wrong)};
}"""


def test_a_ballot_encrypted_in_the_browser_passes_every_check_of_the_server(
    web: tuple[Server, str, World], browser: Any
) -> None:
    secret, public = elgamal.keypair()
    terms = {
        "poll": POLL,
        "public_key": public.hex(),
        "choices": ["yes", "no", "abstain"],
        "least": 1,
        "most": 1,
    }
    page = _page(web, browser)
    urls = [assets.url("sealed.js"), assets.url("noble-ed25519-3.2.0.js")]
    for choice, marks in (("no", [0, 1, 0]), ("abstain", [0, 0, 1])):
        made = page.evaluate(ENCRYPT, [*urls, terms, choice])
        ballot = ballot_from_json(made["ballot"], 3, 1, 1)
        assert verify_ballot(POLL, public, ballot, 1, 1) == []
        assert [elgamal.decrypt(secret, c, 1) for c in ballot.ciphertexts] == marks
        assert made["receipt"] == digest(made["ballot"]) == ballot.receipt
        assert made["opening"]["choices"] == marks
        assert made["audit"] is True
        assert made["wrong_audit"] is False
    assert verify_ballot("another/poll", public, ballot, 1, 1) != []  # bound to its poll
    small_order = "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"
    refused = page.evaluate(
        """async ([sealed, noble, terms]) => {
          const s = await import(sealed);
          const ed = await import(noble);
          try { await s.encryptBallot(ed, terms, "yes"); return "encrypted"; }
          catch (error) { return String(error.message); }
        }""",
        [*urls, {**terms, "public_key": small_order}],
    )
    assert refused != "encrypted"
    assert group.is_point(bytes.fromhex(small_order)) is False
    page.close()
