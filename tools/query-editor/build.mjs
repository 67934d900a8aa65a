// Build the query editor bundle and its licence file (see README.md in this folder).
import {build} from "esbuild";
import {readFileSync, writeFileSync, existsSync, readdirSync} from "node:fs";
import {join} from "node:path";

const out = process.argv[2] || "dist";
await build({entryPoints: ["entry.js"], bundle: true, minify: true, format: "iife", target: "es2019",
             legalComments: "none", outfile: join(out, "query-editor.js"),
             banner: {js: "/* aiwork-kg query editor: CodeMirror 6 (MIT, (c) Marijn Haverbeke and others); " +
                          "bundled packages and licences in query-editor.js.LICENSE.txt */"}});

// every package that went into the bundle, with its licence text
const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
const parts = [];
for (const [path, info] of Object.entries(lock.packages).sort()) {
  if (!path || info.dev || path.includes("esbuild")) continue;
  const dir = path;
  const file = readdirSync(dir).find(f => /^licen[cs]e/i.test(f));
  const text = file ? readFileSync(join(dir, file), "utf8").trim() : `(no licence file; package.json says ${info.license})`;
  parts.push(`${path.replace(/^node_modules\//, "")} ${info.version} (${info.license})\n\n${text}\n`);
}
writeFileSync(join(out, "query-editor.js.LICENSE.txt"),
  "Third-party packages bundled in query-editor.js (built by tools/query-editor/build.mjs)\n\n" +
  parts.join("\n" + "-".repeat(78) + "\n\n"));
