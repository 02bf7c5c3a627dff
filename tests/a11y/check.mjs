// axe-core on pages in the system Chromium (puppeteer-core, no browser download): each page given on
// the command line is opened from file:// at desktop and phone width, and every serious or critical
// violation is printed; the exit status is 1 when there is one, 2 when the check could not run.
// Usage: node check.mjs [--chromium PATH] PAGE.html ...   (tests/test_a11y.py runs it)
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const WIDTHS = [1300, 400];
const FAILING = new Set(["serious", "critical"]);

const args = process.argv.slice(2);
// the system browser: --chromium, else $CHROMIUM, else the first chromium on the PATH
const onPath = (name) => (process.env.PATH || "").split(delimiter).map((d) => join(d, name)).find(existsSync);
let chromium = process.env.CHROMIUM || onPath("chromium") || onPath("chromium-browser");
const i = args.indexOf("--chromium");
if (i >= 0) { chromium = args[i + 1]; args.splice(i, 2); }
if (!args.length) { console.error("usage: node check.mjs [--chromium PATH] PAGE.html ..."); process.exit(2); }

const browser = await puppeteer.launch({
  executablePath: chromium, headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync", "--disable-extensions"],
});
let failed = 0;
try {
  for (const file of args) {
    for (const width of WIDTHS) {
      const page = await browser.newPage();
      await page.setViewport({ width, height: 900 });
      await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: "load" });
      await page.addScriptTag({ content: AXE });
      const result = await page.evaluate(async () => await window.axe.run(document, {
        resultTypes: ["violations"],
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      }));
      const bad = result.violations.filter((v) => FAILING.has(v.impact));
      for (const v of process.env.A11Y_VERBOSE ? result.violations : bad) {
        failed += FAILING.has(v.impact);
        console.log(`${file} @${width}px: ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} elements)`);
        for (const n of v.nodes.slice(0, process.env.A11Y_VERBOSE ? 40 : 5)) console.log(`    ${n.target.join(" ")} ${n.html.slice(0, 120)}: ${n.failureSummary.replace(/\s+/g, " ")}`);
      }
      const minor = result.violations.length - bad.length;
      console.log(`${file} @${width}px: ${bad.length} serious or critical, ${minor} moderate or minor`);
      await page.close();
    }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
