// A trustee's share of a sealed vote's decryption, or her shares of each constituency's
// tally of a sealed election: her key file is read here, on her own device (sealed.js
// computes each share and its proof); only those are sent to the API.
(() => {
  const form = document.querySelector("[data-decrypt]");
  if (!form) return;
  const words = form.dataset;
  const outcome = form.querySelector("[data-outcome]");
  const button = form.querySelector("button[type=submit]");
  const say = (text) => { outcome.textContent = text; };
  button.disabled = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = form.querySelector("input[type=file]").files[0];
    if (!file) return;
    button.disabled = true;
    say(words.working);
    try {
      let keyFile;
      try {
        keyFile = JSON.parse(await file.text());
      } catch {
        throw new Error(words.notAKeyFile);
      }
      if (keyFile.format !== "soviet-trustee/1" || !keyFile.share) throw new Error(words.notAKeyFile);
      const [sealed, group] = await Promise.all([import(words.script), import(words.group)]);
      const answer = await fetch(words.tally, { credentials: "same-origin" });
      const tally = await answer.json();
      if (!answer.ok) throw new Error(tally.detail || answer.statusText);
      if (String(keyFile.ceremony) !== words.ceremony) throw new Error(words.wrongCeremony);
      // A sealed vote has one tally; a sealed election one per constituency, all given at once.
      let shares;
      if (Array.isArray(tally.tallies)) {
        const parts = [];
        for (const one of tally.tallies) {
          if (one.given.includes(keyFile.trustee)) continue;
          parts.push({ constituency: one.constituency, ...(await sealed.shareDecryption(group, one, keyFile)) });
        }
        shares = { parts };
      } else {
        shares = await sealed.shareDecryption(group, tally, keyFile);
      }
      const given = await fetch(words.give, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": words.csrf },
        body: JSON.stringify(shares),
      });
      const body = await given.json();
      if (!given.ok) throw new Error(body.detail || given.statusText);
      const decided = body.result && !("given" in body.result);  // a vote's decision
      say(decided ? `${words.given} ${words.decided}` : words.given);
    } catch (error) {
      say(String(error.message || error));
      button.disabled = false;
    }
  });
})();
