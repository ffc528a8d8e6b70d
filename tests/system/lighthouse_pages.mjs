// Runs Lighthouse on several pages in one Chromium and prints, as JSON, each
// page's category scores and the audits that lost points.
//
//   node tests/system/lighthouse_pages.mjs '{"chromePath": "/usr/bin/chromium",
//     "chromeFlags": ["--headless", ...], "pages": [{"url": "http://...", "skipAudits": []}]}'
//
// Used by tests/system/test_lighthouse.py; the versions are pinned in package.json.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];

function failures(lhr) {
  const lost = [];
  for (const category of Object.values(lhr.categories)) {
    for (const ref of category.auditRefs) {
      const audit = lhr.audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
        lost.push({
          category: category.id,
          id: audit.id,
          title: audit.title,
          score: audit.score,
          value: audit.displayValue || "",
        });
      }
    }
  }
  return lost;
}

async function audit(port, page) {
  const flags = {
    port,
    output: "json",
    logLevel: "error",
    onlyCategories: CATEGORIES,
    skipAudits: page.skipAudits || [],
  };
  const { lhr } = await lighthouse(page.url, flags);
  const scores = Object.fromEntries(Object.values(lhr.categories).map((c) => [c.id, c.score]));
  const error = lhr.runtimeError ? lhr.runtimeError.message : "";
  return { url: page.url, finalUrl: lhr.finalDisplayedUrl, scores, failures: failures(lhr), error };
}

// Each page in a Chromium of its own: a run that could not record the page
// (Lighthouse's runtimeError, e.g. NO_NAVSTART on a busy machine) is tried
// once more; scores are never retried.
async function auditInFreshChrome(options, page) {
  let result;
  for (let attempt = 0; attempt < 2; attempt++) {
    const chrome = await chromeLauncher.launch({
      chromePath: options.chromePath,
      chromeFlags: options.chromeFlags,
      logLevel: "silent",
    });
    try {
      result = await audit(chrome.port, page);
    } finally {
      await chrome.kill();
    }
    if (!result.error) break;
  }
  return result;
}

async function main() {
  const options = JSON.parse(process.argv[2]);
  const results = [];
  for (const page of options.pages) results.push(await auditInFreshChrome(options, page));
  process.stdout.write(JSON.stringify(results, null, 2) + "\n");
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
  process.exit(1);
});
