// Builds reflect's page front end into the Voila template's static folder:
//   cd frontend && npm ci && npm run build
// The bundle is committed, so installing reflect needs no Node.js.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";

const out = "../src/reflect/jupyter_data/voila/templates/reflect/static";

// anywidget's package ends in an AMD define() for the classic notebook; export its factory.
const anywidgetAsModule = {
  name: "anywidget-as-module",
  setup(build) {
    build.onLoad({ filter: /anywidget[\\/]dist[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const amd = 'define(["@jupyter-widgets/base"], widget_default);';
      if (!source.includes(amd)) throw new Error(`anywidget's entry changed: ${args.path}`);
      return { contents: source.replace(amd, "export default widget_default;"), loader: "js" };
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
