// Builds reflect's page front end into the Voila template's static folder:
//   cd frontend && npm ci && npm run build
// The bundle is committed, so installing reflect needs no Node.js.
import { build } from "esbuild";
import { readFile } from "node:fs/promises";

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

await build({
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
