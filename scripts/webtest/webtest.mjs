// Drives the page in headless Chromium; see scripts/webtest.sh.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";

const base = process.env.BASE;
const out = process.env.OUT;
const failures = [];
function check(name, fn) {
  return fn().then(() => console.log("ok   " + name), (e) => { failures.push(name); console.log("FAIL " + name + ": " + e.message); });
}

const api = async (path) => (await fetch(base + path)).json();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
const page = await context.newPage();
// Offline: anything not from the server is refused and counted.
const offServer = [];
await page.route("**/*", (route) => {
  const url = route.request().url();
  if (url.startsWith(base + "/") || url.startsWith("data:")) return route.continue();
  offServer.push(url);
  return route.abort();
});
const pageErrors = [];
page.on("pageerror", (e) => pageErrors.push(e.message));
page.on("dialog", (d) => { pageErrors.push("dialog: " + d.message()); d.dismiss(); });

await page.goto(base + "/");
await page.waitForFunction(() => /events in/.test(document.getElementById("status").textContent), null, { timeout: 15000 });

const stats = await api("/api/stats");
const geo = await api("/api/events?format=geojson&limit=20000");
const dyads = await api("/api/dyads?limit=80");
const transfers = await api("/api/transfers?limit=5000");

await check("status counts the store", async () => {
  assert.equal(await page.textContent("#status"), `${stats.events} events in ${stats.documents} documents`);
});
await check("timeline: one bar segment per day and type", async () => {
  assert.equal(await page.locator("#timeline rect[data-day]").count(), stats.by_day.length);
});
await check("map: one marker per place with coordinates", async () => {
  const places = new Set(geo.features.map((f) => f.geometry.coordinates.join(",")));
  assert.ok(places.size > 0);
  assert.equal(await page.locator("#map circle.place").count(), places.size);
  assert.ok(await page.locator("#map path.country").count() > 100, "base map drawn");
});
await check("network: one node per actor of a dyad", async () => {
  const actors = new Set(dyads.dyads.flatMap((d) => [d.actor, d.recipient]));
  assert.equal(await page.locator("#network g.node").count(), actors.size);
  assert.equal(await page.locator("#network line.edge").count(), dyads.dyads.length);
});
await check("ledger: one row per transfer, sortable", async () => {
  assert.equal(await page.locator("#ledger tbody tr").count(), transfers.transfers.length);
  await page.click("#ledger th[data-key=supplier]");
  const suppliers = await page.locator("#ledger tbody tr td:first-child").allTextContents();
  assert.deepEqual(suppliers, [...suppliers].sort());
  assert.equal(await page.getAttribute("#ledger th[data-key=supplier]", "aria-sort"), "ascending");
});
await check("event list: the newest events", async () => {
  assert.equal(await page.locator("#events tbody tr").count(), Math.min(100, stats.events));
});
await check("clicking an event shows its evidence with the trigger marked", async () => {
  const first = page.locator("#events tbody tr").first();
  const id = await first.getAttribute("data-id");
  await first.click();
  await page.waitForSelector(`#evidence[data-event="${id}"] mark.trigger`);
  const ev = (await api("/api/events/" + id)).event;
  assert.equal(await page.textContent("#evidence mark.trigger"), ev.trigger.text);
  assert.equal(await page.textContent("#evidence .sentence"), ev.evidence);
});

for (const view of ["timeline", "map", "network", "events", "evidence", "ledger"]) {
  await page.locator(`#${view}-view`).screenshot({ path: `${out}/${view}.png` });
}
await page.screenshot({ path: `${out}/page.png`, fullPage: true });

await check("the XSS fixture renders as text and runs nothing", async () => {
  await page.fill("input[name=q]", "checkpoint");
  await page.click("#filters button[type=submit]");
  await page.waitForFunction(() => /match the filters/.test(document.getElementById("status").textContent));
  const row = page.locator("#events tbody tr").first();
  await row.click();
  await page.waitForSelector("#evidence mark.trigger");
  const text = await page.textContent("#evidence");
  assert.match(text, /<img src=x onerror=/);
  assert.match(text, /<script>window.__xss=1<\/script>/);
  assert.equal(await page.locator("#evidence img, #evidence script, #events img").count(), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.locator("#evidence a[href^=javascript]").count(), 0);
  await page.locator("#evidence-view").screenshot({ path: `${out}/xss.png` });
});
await check("a range dragged on the timeline filters every view", async () => {
  await page.click("#reset");
  await page.waitForFunction(() => !/match the filters/.test(document.getElementById("status").textContent) && /events in/.test(document.getElementById("status").textContent));
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await page.locator("#timeline").boundingBox();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.99, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => /match the filters/.test(document.getElementById("status").textContent));
  const since = await page.inputValue("input[name=since]");
  assert.match(since, /^\d{4}-\d{2}-\d{2}$/);
  const s = await api("/api/stats?since=" + since + "&until=" + (await page.inputValue("input[name=until]")));
  assert.equal(await page.textContent("#status"), `${s.events} events in ${s.documents} documents match the filters`);
});
await check("clicking an actor filters by it", async () => {
  await page.click("#reset");
  await page.waitForFunction(() => !/match the filters|Loading/.test(document.getElementById("status").textContent));
  const node = page.locator("#network g.node").first();
  const code = await node.getAttribute("data-actor");
  await node.locator("circle").click({ force: true });
  await page.waitForFunction(() => /match the filters/.test(document.getElementById("status").textContent));
  assert.equal(await page.inputValue("input[name=actor]"), code);
});
await check("no request left the server", async () => { assert.deepEqual(offServer, []); });
await check("no script errors", async () => { assert.deepEqual(pageErrors, []); });

await browser.close();
if (failures.length) {
  console.log(`webtest: ${failures.length} failed; screenshots in ${out}`);
  process.exit(1);
}
console.log(`webtest: ok; screenshots in ${out}`);
