// Back to the home screen when nobody touches the kiosk, so the next visitor never starts
// in the middle of someone else's matter. The last seconds show a big countdown that any
// touch cancels. The ticket screen uses the same clock with its own, visible, countdown.

export function warnSeconds(seconds) {
  return Math.min(10, Math.max(2, Math.floor(seconds / 3)));
}

export function createIdle({ overlay, count, stay, isBlank, onTimeout }) {
  let seconds = 60;
  let inline = null; // the ticket screen's own countdown, instead of the overlay
  let deadline = Date.now() + seconds * 1000;

  function poke() {
    deadline = Date.now() + seconds * 1000;
    overlay.hidden = true;
  }

  function tick() {
    if (!inline && isBlank()) {
      // already the home screen with nothing to clear: nothing to count down
      poke();
      return;
    }
    const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    if (inline) inline(left);
    else if (left <= warnSeconds(seconds)) {
      count.textContent = String(left);
      overlay.hidden = false;
    }
    if (left <= 0) {
      overlay.hidden = true;
      inline = null;
      onTimeout();
      poke();
    }
  }

  for (const type of ["pointerdown", "keydown", "wheel", "touchstart"]) {
    document.addEventListener(type, poke, { capture: true, passive: true });
  }
  document.addEventListener("scroll", poke, { capture: true, passive: true });
  stay.addEventListener("click", poke);
  setInterval(tick, 250);

  return {
    /** Every screen sets its period; `onTick` replaces the overlay with its own display. */
    arm(periodSeconds, onTick = null) {
      seconds = Math.max(1, Number(periodSeconds) || 60);
      inline = onTick;
      poke();
      if (inline) inline(seconds);
    },
    poke,
  };
}
