// Back to the home screen when nobody touches the kiosk, so the next visitor never starts
// in the middle of someone else's matter. The last seconds show a big countdown that any
// touch cancels. The ticket screen uses the same clock with its own, visible, countdown.

export function warnSeconds(seconds) {
  return Math.min(10, Math.max(2, Math.floor(seconds / 3)));
}

export function createIdle({ overlay, count, isBlank, onTimeout }) {
  let seconds = 60;
  let inline = null; // the ticket screen's own countdown, instead of the overlay
  let deadline = Date.now() + seconds * 1000;

  function poke() {
    deadline = Date.now() + seconds * 1000;
  }

  // The warning goes away on the click a tap ends with, not on its touchstart: hidden any
  // earlier, the tap's click would land on the button underneath.
  function dismiss() {
    poke();
    overlay.hidden = true;
  }

  function tick() {
    if (!inline && isBlank()) {
      // already the home screen with nothing to clear: nothing to count down
      dismiss();
      return;
    }
    const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    if (inline) inline(left);
    else if (left <= warnSeconds(seconds)) {
      count.textContent = String(left);
      overlay.hidden = false;
    }
    if (left <= 0) {
      inline = null;
      dismiss();
      onTimeout();
    }
  }

  for (const type of ["pointerdown", "keydown", "wheel", "touchstart"]) {
    document.addEventListener(type, poke, { capture: true, passive: true });
  }
  document.addEventListener("scroll", poke, { capture: true, passive: true });
  overlay.addEventListener("click", dismiss); // the 继续使用 button, or anywhere on the veil
  setInterval(tick, 250);

  return {
    /** Every screen sets its period; `onTick` replaces the overlay with its own display. */
    arm(periodSeconds, onTick = null) {
      seconds = Math.max(1, Number(periodSeconds) || 60);
      inline = onTick;
      dismiss();
      if (inline) inline(seconds);
    },
    poke,
  };
}
