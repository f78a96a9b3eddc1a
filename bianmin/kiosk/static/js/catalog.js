// The hall's catalog, fetched once and kept: browsing by domain or window and the scenario
// pages work from memory, so a short network outage does not stop a visitor reading.
// Refreshed in the background whenever the kiosk goes home.

export const OTHER_DOMAIN = "_other";

export function createCatalog(api) {
  let data = null;
  let byId = new Map();

  function accept(next) {
    data = next;
    // withdrawn matters (no ticket, "请到：…") are found by id and by search, never browsed
    byId = new Map([...next.scenarios, ...(next.withdrawn || [])].map((s) => [s.id, s]));
    return data;
  }

  const domainOf = (scenario) =>
    data.domains.includes(scenario.domain) ? scenario.domain : OTHER_DOMAIN;

  return {
    get loaded() { return data !== null; },
    get hall() { return data && data.hall; },
    async load() {
      return accept(await api.catalog({ timeoutMs: 15000 }));
    },
    scenario(id) {
      return byId.get(Number(id)) || null;
    },
    remember(scenario) {
      byId.set(scenario.id, scenario);
    },
    /** Domain tiles in catalog order, with how many scenarios each holds. */
    domains() {
      const counts = new Map();
      for (const s of data.scenarios) counts.set(domainOf(s), (counts.get(domainOf(s)) || 0) + 1);
      const tiles = data.domains.filter((d) => counts.get(d)).map((d) => ({ key: d, name: d, count: counts.get(d) }));
      if (counts.get(OTHER_DOMAIN)) tiles.push({ key: OTHER_DOMAIN, name: "其他事项", count: counts.get(OTHER_DOMAIN) });
      return tiles;
    },
    /** 有诉即办 / 综合出件: the big buttons of the home screen (their built-in scenarios). */
    special() {
      return (data && data.special) || [];
    },
    inDomain(key) {
      return data.scenarios.filter((s) => domainOf(s) === key);
    },
    queues() {
      return data.queues.map((q) => ({ ...q, count: data.scenarios.filter((s) => s.queue && s.queue.id === q.id).length }))
        .filter((q) => q.count > 0);
    },
    queue(id) {
      return data.queues.find((q) => q.id === Number(id)) || null;
    },
    inQueue(id) {
      return data.scenarios.filter((s) => s.queue && s.queue.id === Number(id));
    },
    /** When the search API cannot be reached: plain substring match on Chinese text. */
    localSearch(text) {
      const words = text.replace(/[a-z]+/gi, " ").trim().split(/\s+/).filter(Boolean);
      if (!words.length) return [];
      return [...data.scenarios, ...(data.withdrawn || [])].filter((s) => {
        const hay = `${s.name} ${s.matter || ""} ${s.department || ""}`;
        return words.every((w) => hay.includes(w));
      });
    },
  };
}
