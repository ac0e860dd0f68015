// The sealed ballot form: encrypts the choice on this device (sealed.js) and sends only the
// ballot and its proofs to the API, with who casts it (data-who: a delegate on a motion, a
// member and her constituency in an election); or audits this device (Benaloh) and sends
// nothing. Its words come from the page (data-*), in the reader's language.
(() => {
  const form = document.querySelector("[data-sealed-ballot]");
  if (!form) return;
  const words = form.dataset;
  const outcome = form.querySelector("[data-outcome]");
  const receipt = form.querySelector("[data-receipt-shown]");
  const buttons = form.querySelectorAll("button[type=submit]");
  const enable = (on) => buttons.forEach((b) => { b.disabled = !on; });
  const say = (text) => { outcome.textContent = text; };
  const retryKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)),
    (b) => b.toString(16).padStart(2, "0")).join("");
  enable(true);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const choice = form.querySelector("input[name=choice]:checked");
    if (!choice) { say(words.pickOne); return; }
    const audit = event.submitter && event.submitter.value === "audit";
    enable(false);
    say(words.working);
    try {
      const [sealed, group] = await Promise.all([import(words.script), import(words.group)]);
      const answer = await fetch(words.terms, { credentials: "same-origin" });
      const terms = await answer.json();
      if (!answer.ok) throw new Error(terms.detail || answer.statusText);
      const made = await sealed.encryptBallot(group, terms, choice.value);
      if (audit) {
        const passed = sealed.auditBallot(group, terms, made.ballot, made.opening);
        say(passed ? words.auditOk : words.auditFailed);
        enable(passed);
        return;
      }
      const cast = await fetch(words.cast, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "X-CSRF-Token": words.csrf,
          "Idempotency-Key": retryKey(),
        },
        body: JSON.stringify({ ...JSON.parse(words.who), ballot: made.ballot }),
      });
      const body = await cast.json();
      if (!cast.ok) throw new Error(body.detail || cast.statusText);
      form.querySelector("fieldset").disabled = true;
      say(words.castDone);
      receipt.textContent = body.result.ballot_receipt;
      receipt.hidden = false;
      if (window.sovietKeepReceipt) { window.sovietKeepReceipt(receipt); }  // on this device
    } catch (error) {
      say(String(error.message || error));
      enable(true);
    }
  });
})();
