// Builds reflect's page front end into the Voila template's static folder:
//   cd frontend && npm ci && npm run build
// The bundle is committed, so installing reflect needs no Node.js.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";

const out = "../src/reflect/jupyter_data/voila/templates/reflect/static";

// anywidget's package ends in an AMD define() for the classic notebook: export its factory.
// And it imports a widget's ES module afresh for every widget, through a new blob URL each
// time; the competency page has thirty rating widgets of one module. Import each module text
// once (reflect's widget modules keep no per-widget state at module level).
const ESM_LOADER = "async function loadEsm(esm) {";
const ESM_CACHE = `const reflectEsmCache = new Map();
function loadEsm(esm) {
  if (!reflectEsmCache.has(esm)) reflectEsmCache.set(esm, loadEsmOnce(esm));
  return reflectEsmCache.get(esm);
}
async function loadEsmOnce(esm) {`;
const anywidgetAsModule = {
  name: "anywidget-as-module",
  setup(build) {
    build.onLoad({ filter: /anywidget[\\/]dist[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const amd = 'define(["@jupyter-widgets/base"], widget_default);';
      if (!source.includes(amd) || !source.includes(ESM_LOADER)) {
        throw new Error(`anywidget's entry changed: ${args.path}`);
      }
      const contents = source
        .replace(amd, "export default widget_default;")
        .replace(ESM_LOADER, ESM_CACHE);
      return { contents, loader: "js" };
    });
  },
};

// The fingerprint of what the bundle is built from; tests/test_page_bundle.py recomputes it, so
// a change to the sources without a rebuild fails the tests.
async function sourcesFingerprint() {
  const sources = (await readdir("src")).filter((name) => name.endsWith(".js")).sort();
  const files = ["build.mjs", "package.json", "package-lock.json", ...sources.map((n) => `src/${n}`)];
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(file + "\0");
    hash.update(await readFile(file));
    hash.update("\0");
  }
  return hash.digest("hex");
}

await build({
  banner: { js: `/* reflect-page: built from frontend/ sources sha256=${await sourcesFingerprint()} */` },
  entryPoints: { "reflect-page": "src/index.js" },
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outdir: out,
  loader: { ".svg": "dataurl", ".woff": "dataurl", ".woff2": "dataurl", ".png": "dataurl" },
  legalComments: "linked",
  plugins: [anywidgetAsModule],
  logLevel: "info",
});
