// The rating form on the ticket's status page (the visitor's phone, its own keyboard).
// Levels 1–2 open the reasons, the remark and the phone number; the answer replaces the
// form with thanks, or says why it was refused (already rated, too late) in Chinese.
const config = JSON.parse(document.getElementById("rate-config").textContent);
const form = document.getElementById("rate-form");
const bad = document.getElementById("rate-bad");
const submit = document.getElementById("rate-submit");
const error = document.getElementById("rate-error");

function chosenLevel() {
  const checked = form.querySelector("input[name=level]:checked");
  return checked ? Number(checked.value) : null;
}

function needsReasons() {
  const checked = form.querySelector("input[name=level]:checked");
  return Boolean(checked && checked.dataset.needsReasons === "1");
}

function reasons() {
  return [...form.querySelectorAll("input[name=reasons]:checked")].map((el) => el.value);
}

function update() {
  bad.hidden = !needsReasons();
  const ready = chosenLevel() !== null && (!needsReasons() || reasons().length > 0);
  submit.disabled = !ready;
  submit.textContent = chosenLevel() !== null && needsReasons() && !reasons().length
    ? "请至少选择一项原因" : "提交评价";
  error.hidden = true;
}

function say(message) {
  error.textContent = message;
  error.hidden = false;
}

async function send(event) {
  event.preventDefault();
  const level = chosenLevel();
  if (level === null) return;
  const withReasons = needsReasons();
  const phone = form.phone.value.replace(/[\s-]/g, "");
  if (withReasons && !/^[0-9]*$/.test(phone)) {
    say("联系电话只能填数字。");
    return;
  }
  const body = {
    level,
    reasons: withReasons ? reasons() : [],
    remark: withReasons ? form.remark.value.trim() : "",
    phone: withReasons ? phone : "",
    token: config.token,
  };
  submit.disabled = true;
  submit.textContent = "正在提交…";
  let response;
  let data = null;
  try {
    response = await fetch(`/api/v1/tickets/${encodeURIComponent(config.ticket_id)}/rating`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
      cache: "no-store",
    });
    data = await response.json().catch(() => null);
  } catch (failure) {
    update();
    say("网络不通，评价还没有提交，请稍后再试。");
    return;
  }
  if (response.status === 201) {
    document.getElementById("rate").hidden = true;
    document.getElementById("rate-thanks-text").textContent = withReasons
      ? (phone ? "我们会认真核查整改，并尽快与您联系。" : "我们会认真核查，尽快整改。")
      : "欢迎您再来办事。";
    document.getElementById("rate-thanks").hidden = false;
    return;
  }
  update();
  say((data && data.message) || "评价没有成功，请稍后再试。");
  if (data && (data.error === "already_rated" || data.error === "rating_closed")) {
    submit.disabled = true;
  }
}

form.addEventListener("change", update);
form.addEventListener("submit", send);
update();
