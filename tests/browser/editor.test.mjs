// The editor in `serve` (/__planportal/rediger/) as a member of staff uses it, in a real
// browser: change a target's value with a decimal comma, tick a minister goal, add an
// initiative and pick its heading, save; the files on disk have exactly those changes
// and the plan page shows them. A broken field gets its message beside it, a stale form
// is refused, every editor page has zero axe violations, and a save works with the
// keyboard alone. Screenshots for docs/rediger.md are written to docs/img/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { binary, launch, repo, scratchDir } from "./harness.mjs";
import { AXE_TAGS } from "./checks.mjs";

const TIMEOUT = 60_000;
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const shots = join(repo, "docs", "img");

function startServe(root) {
  const child = spawn(binary(), ["--root", root, "serve", "--port", "0"], {
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let said = "";
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${said}`)), TIMEOUT);
    child.stderr.on("data", (chunk) => {
      said += chunk;
      const m = said.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}:\n${said}`)));
  });
  return { child, url };
}

async function axe(page, what) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  }, AXE_TAGS);
  assert.deepEqual(violations, [], `axe on ${what}`);
}

test("staff edit a plan and a chapter in the editor", async () => {
  const tmp = scratchDir("editor");
  const root = join(tmp, "portal");
  const init = spawnSync(binary(), ["init", root], { encoding: "utf8" });
  assert.equal(init.status, 0, init.stderr);
  const planFile = join(root, "content/kommuner/eksempelby/2022/_index.md");
  const chapterFile = join(root, "content/kommuner/eksempelby/2022/02-unge.md");
  // A comment of the author's, which the editor must keep.
  const original = readFileSync(planFile, "utf8").replace("[[targets]]\nid = \"rm-2\"", "# Fra byrådets vedtagelse\n[[targets]]\nid = \"rm-2\"");
  writeFileSync(planFile, original);
  mkdirSync(shots, { recursive: true });

  const { child, url } = startServe(root);
  const browser = await launch();
  try {
    const base = await url;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();

    // The list, then the plan's form.
    let res = await page.goto(`${base}/__planportal/rediger/`);
    assert.equal(res.status(), 200);
    await axe(page, "the list of plans");
    await page.screenshot({ path: join(shots, "rediger-liste.png") });
    await Promise.all([page.waitForURL(/rediger\/plan\?/), page.getByRole("link", { name: /Beskæftigelsesplan 2022/ }).click()]);
    await axe(page, "the plan form");
    // The sticky save bar would cover part of an element's screenshot.
    const unstick = () => page.addStyleTag({ content: ".knapper{position:static}" });
    await unstick();
    await page.locator("#targets-1").screenshot({ path: join(shots, "rediger-resultatmaal.png") });

    // While typing: the build's own messages beside the field (the editor's script asks
    // its `tjek`, which writes nothing), before anything is saved.
    const planUrl = page.url();
    await page.fill("#f-title", "UDFYLD");
    await page.locator("#felt-f-title .fejl", { hasText: "pladsholderen UDFYLD" }).waitFor();
    await page.fill("#targets-1-value", "fem");
    await page.locator("#felt-targets-1-value .fejl", { hasText: "`fem` er ikke et tal" }).waitFor();
    assert.equal(await page.locator("#targets-1-value").getAttribute("aria-invalid"), "true");
    const described = await page.locator("#targets-1-value").getAttribute("aria-describedby");
    const said = await page.locator(`[id="${described.split(" ").pop()}"]`).innerText();
    assert.match(said, /`fem` er ikke et tal/, "the message is tied to the field");
    assert.match(await page.locator("#live-status").innerText(), /2 fejl/);
    await axe(page, "the plan form with live messages");
    await unstick();
    await page.locator("#felt-targets-1-value").screenshot({ path: join(shots, "rediger-live.png") });
    // Put right, the messages go.
    await page.fill("#f-title", "Beskæftigelsesplan 2022");
    await page.fill("#targets-1-value", "20");
    await page.locator("#live-status", { hasText: "ingen fejl" }).waitFor();
    assert.equal(await page.locator("#felt-targets-1-value .fejl").count(), 0);
    assert.equal(readFileSync(planFile, "utf8"), original, "typing writes nothing");
    await page.goto(planUrl);

    // A decimal comma and a minister goal ticked.
    await page.fill("#targets-1-value", "22,5");
    await page.check('input[name="targets.1.minister_goals"][value="kvalificeret-arbejdskraft"]');
    await Promise.all([page.waitForURL(/gemt=1/), page.locator("button.gem").first().click()]);
    await page.getByText("Gemt.").waitFor();
    const expected = original
      .replace("value = 20\n", "value = 22.5\n")
      .replace('deadline = "2022"\n', 'deadline = "2022"\nminister_goals = ["kvalificeret-arbejdskraft"]\n');
    assert.equal(readFileSync(planFile, "utf8"), expected, "the plan on disk has exactly the changes made");

    // The plan page (rebuilt by serve) shows the new value.
    // Fetched rather than opened: an open page reloads itself when serve's build
    // lands, and reading it mid-reload fails.
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      const page = await context.request.get(`${base}/kommuner/eksempelby/2022/`);
      if ((await page.text()).includes("22,5")) break;
      assert.ok(Date.now() < deadline, "the plan page never showed 22,5");
      await new Promise((done) => setTimeout(done, 200));
    }

    // A broken field: the message stands beside it, nothing is written.
    await page.fill("#targets-1-value", "tyve");
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST" && /rediger\/plan$/.test(r.url())), page.locator("button.gem").first().click()]);
    await page.locator("#felt-targets-1-value .fejl").waitFor();
    assert.match(await page.locator("#felt-targets-1-value .fejl").innerText(), /`tyve` er ikke et tal/);
    assert.equal(await page.locator("#targets-1-value").getAttribute("aria-invalid"), "true");
    assert.equal(readFileSync(planFile, "utf8"), expected);
    await axe(page, "the plan form with an error");
    await unstick();
    await page.locator("#felt-targets-1-value").screenshot({ path: join(shots, "rediger-fejl.png") });

    // A stale form: the file changed on disk after the form was opened.
    await page.goto(`${base}/__planportal/rediger/plan?fil=kommuner%2Feksempelby%2F2022%2F_index.md`);
    const changed = expected.replace("Planen er vedtaget", "Planen blev vedtaget");
    writeFileSync(planFile, changed);
    await page.fill("#targets-1-value", "30");
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST" && /rediger\/plan$/.test(r.url())), page.locator("button.gem").first().click()]);
    await page.getByText("Filen er ændret, siden du åbnede formularen").waitFor();
    assert.equal(readFileSync(planFile, "utf8"), changed, "a stale form writes nothing");
    await axe(page, "the stale-form page");

    // Keyboard alone: Tab to the value, type, Enter saves.
    await page.goto(`${base}/__planportal/rediger/plan?fil=kommuner%2Feksempelby%2F2022%2F_index.md`);
    let reached = false;
    for (let i = 0; i < 300 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement?.id === "targets-0-value");
    }
    assert.ok(reached, "Tab reaches the first target's value");
    const focusVisible = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle !== "none");
    assert.ok(focusVisible, "the focused field shows its focus");
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("4,5");
    await Promise.all([page.waitForURL(/gemt=1/), page.keyboard.press("Enter")]);
    assert.match(readFileSync(planFile, "utf8"), /id = "rm-1"[\s\S]*?value = 4\.5\n/);

    // A result for the second target: the empty row under its results, opened with the
    // keyboard, filled in Danish; saved, it is one [[targets.results]] under the target.
    await page.goto(`${base}/__planportal/rediger/plan?fil=kommuner%2Feksempelby%2F2022%2F_index.md`);
    let onSummary = false;
    for (let i = 0; i < 400 && !onSummary; i++) {
      await page.keyboard.press("Tab");
      onSummary = await page.evaluate(() => document.activeElement?.tagName === "SUMMARY" && !!document.activeElement.closest("#targets-1-results"));
    }
    assert.ok(onSummary, "Tab reaches the new result of the second target");
    await page.keyboard.press("Enter");
    assert.equal(await page.locator("#targets-1-results details").getAttribute("open"), "", "Enter opens it");
    await page.fill("#targets-1-results-ny-date", "dec. 2022");
    await page.fill("#targets-1-results-ny-value", "18,5");
    await page.fill("#targets-1-results-ny-source", "Jobcentrets egen opgørelse");
    await unstick();
    await page.locator("#targets-1-results").screenshot({ path: join(shots, "rediger-resultat.png") });
    const beforeResult = readFileSync(planFile, "utf8");
    await Promise.all([page.waitForURL(/gemt=1/), page.locator("button.gem").first().click()]);
    assert.equal(
      readFileSync(planFile, "utf8"),
      beforeResult.replace(
        "\n[[minister_goal_notes]]",
        '\n[[targets.results]]\ndate = "2022-12"\nvalue = 18.5\nsource = "Jobcentrets egen opgørelse"\n\n[[minister_goal_notes]]',
      ),
      "the plan on disk has exactly the new result",
    );
    await axe(page, "the plan form with a result");
    for (const until = Date.now() + TIMEOUT; ; ) {
      const page = await context.request.get(`${base}/kommuner/eksempelby/2022/`);
      if ((await page.text()).includes("Jobcentrets egen opgørelse")) break;
      assert.ok(Date.now() < until, "the plan page never showed the result");
      await new Promise((done) => setTimeout(done, 200));
    }

    // The chapter: add an initiative and pick its heading from the chapter's headings.
    await page.goto(`${base}/__planportal/rediger/kapitel?fil=kommuner%2Feksempelby%2F2022%2F02-unge.md`);
    await axe(page, "the chapter form");
    const chapterBefore = readFileSync(chapterFile, "utf8");
    await Promise.all([page.waitForURL(/gemt=1/), page.getByRole("button", { name: "Tilføj indsats" }).click()]);
    await page.fill("#initiatives-2-title", "Mentorer for unge");
    await page.selectOption("#initiatives-2-heading", "Brobygning til erhvervsuddannelserne");
    // The minister goal the plan names for it, at the initiative.
    await page.check('input[name="initiatives.2.minister_goals"][value="opkvalificering"]');
    await Promise.all([page.waitForURL(/gemt=1/), page.locator("button.gem").first().click()]);
    const chapterAfter = readFileSync(chapterFile, "utf8");
    const end = chapterBefore.indexOf("\n+++\n");
    assert.equal(
      chapterAfter,
      chapterBefore.slice(0, end) +
        '\n\n[[initiatives]]\ntitle = "Mentorer for unge"\nkind = "indsats"\nheading = "Brobygning til erhvervsuddannelserne"\nminister_goals = ["opkvalificering"]' +
        chapterBefore.slice(end),
      "the chapter on disk has exactly the new initiative",
    );
    await unstick();
    await page.locator('section[aria-labelledby="tekst-overskrift"]').screenshot({ path: join(shots, "rediger-kapitel.png") });
    await page.locator("#initiatives-2").screenshot({ path: join(shots, "rediger-indsats.png") });
    await axe(page, "the chapter form after adding an initiative");
    // The preview beside the text follows the typing (the build's own rendering).
    await page.locator("#tekst").press("End");
    await page.locator("#tekst").pressSequentially("\n\n## Mentorordningen\n");
    await page.locator("#visning h2", { hasText: "Mentorordningen" }).waitFor();
    assert.equal(readFileSync(chapterFile, "utf8"), chapterAfter, "typing writes nothing");

    // A chapter in YAML: the editor explains, offers TOML, and converts when asked.
    const yamlFile = join(root, "content/kommuner/eksempelby/2022/04-seniorer.md");
    writeFileSync(yamlFile, "---\n# Skrevet i hånden\ntitle: Seniorer\ntarget_groups: [seniorer]\n---\nTekst om seniorer.\n");
    res = await page.goto(`${base}/__planportal/rediger/kapitel?fil=kommuner%2Feksempelby%2F2022%2F04-seniorer.md`);
    assert.equal(res.status(), 422);
    await page.getByText("Editoren skriver TOML").waitFor();
    await axe(page, "the YAML page");
    await Promise.all([page.waitForURL(/toml=1/), page.getByRole("button", { name: "Skriv om til TOML" }).click()]);
    assert.equal(
      readFileSync(yamlFile, "utf8"),
      '+++\n# Kommentarer fra YAML-udgaven:\n# Skrevet i hånden\n\ntitle = "Seniorer"\ntarget_groups = ["seniorer"]\n+++\nTekst om seniorer.\n',
    );
    await axe(page, "the chapter form after converting");

    // Next year's plan from this one: a draft, its chapters with it, the year's goals offered.
    await page.goto(`${base}/__planportal/rediger/plan?fil=kommuner%2Feksempelby%2F2022%2F_index.md`);
    await Promise.all([page.waitForURL(/nyt=1/), page.getByRole("button", { name: "Opret plan for 2023" }).click()]);
    const next = readFileSync(join(root, "content/kommuner/eksempelby/2023/_index.md"), "utf8");
    assert.match(next, /draft = true/);
    assert.match(readFileSync(join(root, "content/kommuner/eksempelby/2023/02-unge.md"), "utf8"), /UDFYLD: gennemgå kapitlets tekst fra 2022/);
    await axe(page, "next year's plan");
    await context.close();
  } finally {
    await browser.close();
    child.kill("SIGINT");
  }
});
